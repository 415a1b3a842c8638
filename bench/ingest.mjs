// Ingest benchmark: generates an AMLSim-like CSV (default 1,000,000 rows) under /tmp, then times
// CSV parse only, parse + map (readRecords) and parse + map + time + validation (readTransactions).
// Usage: npx tsc -p . && node bench/ingest.mjs [rows]
// Prints: bench=ingest rows=N bytes=B parse_rows_per_s=… map_rows_per_s=… validate_rows_per_s=… rows_per_s=…
import { createWriteStream, existsSync, statSync, createReadStream } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { CsvParser, readRecords, readTransactions, parseColumnMap } from '../dist/src/ingest/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const path = `/tmp/ringwatch-bench-ingest-${rows}.csv`;

import { createRng as mulberry32 } from '../dist/src/ml/prng.js';

async function generate() {
  if (existsSync(path)) return;
  const rnd = mulberry32(42);
  const out = createWriteStream(path);
  out.write('tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id,note\n');
  const types = ['TRANSFER', 'CASH-IN', 'CASH-OUT', 'card', 'mobile'];
  const t0 = Date.UTC(2024, 0, 1);
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    const from = 'A' + Math.floor(rnd() * 100000);
    const to = 'A' + Math.floor(rnd() * 100000);
    const amt = (rnd() * 10000).toFixed(2);
    const ts = new Date(t0 + Math.floor(rnd() * 86400 * 365) * 1000).toISOString().slice(0, 19) + 'Z';
    const sar = rnd() < 0.01;
    const note = rnd() < 0.05 ? '"memo, with ""quotes"""' : 'ok';
    buf += `${i},${from},${to},${types[i % 5]},${amt},${ts},${sar ? 'True' : 'False'},${sar ? i % 977 : -1},${note}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function time(name, fn) {
  const t = performance.now();
  const n = await fn();
  const s = (performance.now() - t) / 1000;
  if (n !== rows) throw new Error(`${name}: expected ${rows} rows, got ${n}`);
  return Math.round(n / s);
}

async function parseOnly() {
  const parser = new CsvParser();
  let n = -1; // header
  const onRecord = () => { n++; };
  const dec = new TextDecoder();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) parser.push(dec.decode(chunk, { stream: true }), onRecord);
  parser.end(onRecord);
  return n;
}

const map = parseColumnMap('id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type');

async function parseMap() {
  let n = 0;
  for await (const b of readRecords(path, { map })) n += b.rows.length + b.rejected.length;
  return n;
}

async function parseMapValidate() {
  let n = 0;
  let bad = 0;
  for await (const b of readTransactions(path, { map, timeFormat: 'iso' })) {
    n += b.accepted.length + b.rejected.length;
    bad += b.rejected.length;
  }
  if (bad !== 0) throw new Error(`${bad} rows rejected`);
  return n;
}

await generate();
const bytes = statSync(path).size;
const best = async (name, fn) => Math.max(await time(name, fn), await time(name, fn), await time(name, fn));
const parse = await best('parse', parseOnly);
const mapped = await best('map', parseMap);
const validated = await best('validate', parseMapValidate);
console.log(
  `bench=ingest rows=${rows} bytes=${bytes} parse_rows_per_s=${parse} map_rows_per_s=${mapped} validate_rows_per_s=${validated} rows_per_s=${validated}`,
);
