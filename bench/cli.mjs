// End-to-end CLI benchmarks, timed as a user runs them (process start to exit):
// - `ringwatch score FILE --map … --out d.csv` on 200,000 rows (the first rows of AMLSim's busy
//   dev set when ../shared/datasets has it, else of the generated ingest file); target ≥ 50,000 rows/s;
// - `ringwatch rings FILE --map … --out rings.csv` on the 1,000,000-row ingest file (random order
//   over a year, 100,000 accounts; written by bench/ingest.mjs); target ≤ 15 s.
// Usage: npx tsc -p . && node bench/cli.mjs [scoreRows] [ringsRows]
// Prints: bench=cli_score rows=… seconds=… rows_per_s=… and bench=cli_rings rows=… seconds=…
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { csvHead } from './csv-head.mjs';
import { performance } from 'node:perf_hooks';

const scoreRows = Number(process.argv[2] ?? 200_000);
const ringsRows = Number(process.argv[3] ?? 1_000_000);
const main = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const busy = new URL('../../shared/datasets/amlsim_dev_b/transactions.csv.gz', import.meta.url).pathname;
const ingestFile = (rows) => `/tmp/ringwatch-bench-ingest-${rows}.csv`;
const MAP = 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type';
const machine = `cpu="${cpus()[0]?.model.trim()}" cores=${cpus().length}`;

/** The ingest benchmark's generated file (same columns as AMLSim's), made by bench/ingest.mjs. */
function ensureIngestFile(rows) {
  if (existsSync(ingestFile(rows))) return;
  const r = spawnSync(process.execPath, [new URL('./ingest.mjs', import.meta.url).pathname, String(rows)], { stdio: 'ignore' });
  if (r.status !== 0 || !existsSync(ingestFile(rows))) throw new Error(`bench/ingest.mjs ${rows} did not write ${ingestFile(rows)}`);
}

function run(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`ringwatch ${args[0]} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return { seconds, stderr: r.stderr };
}

const scoreFile = `/tmp/ringwatch-bench-score-${scoreRows}.csv`;
const source = existsSync(busy) ? 'amlsim_dev_b' : 'generated';
if (!existsSync(scoreFile)) {
  if (source === 'generated') ensureIngestFile(ringsRows);
  await csvHead(source === 'amlsim_dev_b' ? busy : ingestFile(ringsRows), scoreFile, scoreRows);
}
const score = run(['score', scoreFile, '--map', MAP, '--out', '/tmp/ringwatch-bench-score-out.csv', '--quiet']);
console.log(`bench=cli_score rows=${scoreRows} source=${source} seconds=${score.seconds.toFixed(2)} rows_per_s=${Math.round(scoreRows / score.seconds)} target_rows_per_s=50000 ${machine}`);

ensureIngestFile(ringsRows);
const rings = run(['rings', ingestFile(ringsRows), '--map', MAP, '--out', '/tmp/ringwatch-bench-rings-out.csv']);
console.log(`bench=cli_rings rows=${ringsRows} seconds=${rings.seconds.toFixed(2)} rows_per_s=${Math.round(ringsRows / rings.seconds)} target_s=15 ${machine}`);
