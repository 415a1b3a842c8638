// Name-screening benchmark: builds the screener (forms + candidate index) over both lists of the
// development set (OFAC SDN 9,044 entries + Chinese blacklist 3,000), then screens its 1,480
// queries in rounds on one thread at the configured threshold. Index build time is reported apart.
//
// Usage: npx tsc -p . && node bench/screening.mjs [rounds]
//   RINGWATCH_SCREENING_DEV=<folder> points at the development set (default ../shared/datasets/
//   screening_dev beside the repository).
// Summary line:
//   bench=screening entries=… build_s=… queries=… qps=… cpu_qps=… qps_with_build=… p50_us=… p99_us=… matches=… peak_rss_mb=…
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { readListCsv, readQueryCsv } from '../dist/src/screening/list-file.js';
import { Screener } from '../dist/src/screening/screener.js';
import { loadScreeningConfig, defaultConfigPath } from '../dist/src/screening/config.js';

const rounds = Number(process.argv[2] ?? 5);
const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dev = [process.env.RINGWATCH_SCREENING_DEV, join(repo, '../shared/datasets/screening_dev'), join(repo, '../../shared/datasets/screening_dev')]
  .find((d) => d && existsSync(join(d, 'queries.csv')));
if (!dev) {
  console.log('bench=screening skipped=1 reason="development set not found (set RINGWATCH_SCREENING_DEV)"');
  process.exit(0);
}
const entries = [...readListCsv(join(dev, 'list_sdn.csv')), ...readListCsv(join(dev, 'list_cn.csv'))];
const queries = readQueryCsv(join(dev, 'queries.csv'));
const threshold = loadScreeningConfig(defaultConfigPath()).threshold;

const t0 = performance.now();
const screener = new Screener(entries, { threshold });
const buildS = (performance.now() - t0) / 1000;

const lat = [];
let matches = 0;
const cpu0 = process.cpuUsage();
const t1 = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    const s = performance.now();
    matches += screener.screen(q).length;
    lat.push(performance.now() - s);
  }
}
const secs = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(cpu0);
// On a shared machine wall time includes waiting for the CPU; cpu_qps counts this thread's CPU time only.
const cpuSecs = (cpu.user + cpu.system) / 1e6;
lat.sort((a, b) => a - b);
const pct = (p) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 1000);
const n = queries.length * rounds;
console.log(`screening: ${entries.length} entries, ${screener.indexKeys} index keys, threshold ${threshold}`);
console.log(
  `bench=screening entries=${entries.length} build_s=${buildS.toFixed(2)} queries=${n} qps=${Math.round(n / secs)} ` +
    `cpu_qps=${Math.round(n / cpuSecs)} qps_with_build=${Math.round(n / (secs + buildS))} p50_us=${pct(0.5)} p99_us=${pct(0.99)} matches=${matches / rounds} ` +
    `peak_rss_mb=${Math.round(process.resourceUsage().maxRSS / 1024)}`,
);
