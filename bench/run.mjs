// `npm run bench`: each benchmark in its own process (clean heap and peak RSS), one summary
// line each. Set BENCH_QUICK=1 for a short smoke run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const quick = process.env.BENCH_QUICK === '1';

function soak() {
  const seconds = quick ? 60 : Number(process.env.BENCH_SOAK_SECONDS ?? 300);
  const pace = process.env.BENCH_SOAK_DAYS_PER_MIN ?? String(seconds >= 1800 ? 15 : quick ? 240 : 60);
  return ['bench/soak.mjs', '5000', String(seconds), 'full', { BENCH_SOAK_DAYS_PER_MIN: pace }];
}
const steps = [
  ['bench/inprocess.mjs', quick ? '100000' : '1000000'],
  ['bench/inprocess.mjs', quick ? '100000' : '1000000', { BENCH_RING_REFRESH: '0' }],
  // The same as a batch run scores it: search features on a second thread (see bench/inprocess.mjs).
  ['bench/inprocess.mjs', quick ? '100000' : '1000000', { BENCH_RING_REFRESH: '0', BENCH_SEARCH_THREAD: '1' }],
  ['bench/http.mjs', quick ? '2000' : '5000,10000,0', 'full'],
  ['bench/http.mjs', quick ? '2000' : '10000,0', 'normal'],
  ['bench/store.mjs', quick ? '20000' : '200000', 'full'],
  ['bench/storm.mjs', quick ? '2000' : '5000', 'full'],
  // Soak: 5 minutes by default (event time 4× faster, so the 90-day warm-up fits), 1 under
  // BENCH_QUICK (16× faster); the full half hour at the standard pace with BENCH_SOAK_SECONDS=1800.
  soak(),
  ['bench/iso20022.mjs', quick ? '2000' : '5000,0', 'full'],
  ['bench/ingest.mjs', quick ? '100000' : '1000000'],
  // `ringwatch score` on 200,000 rows and `ringwatch rings` on the 1M ingest file, end to end.
  ['bench/cli.mjs', quick ? '20000' : '200000', quick ? '100000' : '1000000'],
  ['bench/features.mjs', quick ? '100000' : '1000000'],
  ['bench/ml.mjs'],
  ['bench/detection.mjs'],
  ['bench/rings.mjs'],
  ['bench/gangs.mjs', quick ? '100000' : '1000000'],
  // Rings against AMLSim's laundering groups: the gang finder and its alternatives (trains a model on the quiet set).
  ...(quick ? [] : [['bench/gang-alternatives.mjs']]),
  ['bench/screening.mjs', quick ? '1' : '5'],
  ['bench/stream.mjs', quick ? '20000' : '200000'],
  ['bench/acceptance-pg.mjs', quick ? '20000' : '200000'],
];
let failed = 0;
for (const [script, ...rest] of steps) {
  if (!existsSync(script)) continue;
  const extra = typeof rest.at(-1) === 'object' ? rest.pop() : {};
  const args = rest;
  const env = { ...process.env, ...(quick ? { BENCH_HTTP_SECONDS: '3' } : {}), ...extra };
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', script, ...args], { stdio: 'inherit', env });
  if (r.status !== 0) {
    failed++;
    console.error(`bench: ${script} exited ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
