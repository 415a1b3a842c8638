// Shared by benchmarks: the header and the first rows of a CSV, gzipped or not.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** Writes the header and the first `n` data rows of `from` (a CSV, gzipped or not) to `to`; returns the rows written. */
export async function csvHead(from, to, n) {
  const input = createReadStream(from);
  const lines = createInterface({ input: from.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  const out = createWriteStream(to);
  let i = 0;
  for await (const line of lines) {
    if (!out.write(line + '\n')) await new Promise((r) => out.once('drain', r));
    if (i++ >= n) break;
  }
  lines.close();
  input.destroy();
  await new Promise((r) => out.end(r));
  return i - 1;
}
