// In-process benchmark: N generated transactions through features + rules (no storage).
// Prints one machine-readable line: bench=inprocess ...
import os from 'node:os';
import { defaultEngineConfig } from '../dist/src/engine/config.js';
import { buildScorer } from '../dist/src/engine/runtime.js';
import { syntheticTransactions } from './synthetic.mjs';

const n = Number(process.argv[2] ?? 1_000_000);
const txs = syntheticTransactions(n);
// BENCH_RING_REFRESH=0 measures without the daily batch ring refresh behind the ring features.
const ringRefresh = process.env.BENCH_RING_REFRESH === '0' ? 0 : defaultEngineConfig().ringRefreshMs;
const config = { ...defaultEngineConfig(), ringRefreshMs: ringRefresh };
const scorer = buildScorer(config);

// Warm up on a separate scorer so the measured one starts empty.
const warm = buildScorer(config);
for (let i = 0; i < Math.min(50_000, n); i++) warm.score(txs[i]);

const lat = new Float64Array(n);
const counts = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
const started = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const d = scorer.score(txs[i]);
  lat[i] = performance.now() - t0;
  counts[d.decision]++;
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
lat.sort();
const pct = (p) => (lat[Math.min(n - 1, Math.floor(p * n))] * 1000).toFixed(2);
const mem = scorer.features.memory();
const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(
  `bench=inprocess tx=${n} ring_refresh=${ringRefresh ? 'daily' : 'off'} tx_per_s=${Math.round(n / seconds)} cpu_us_per_tx=${((cpu.user + cpu.system) / n).toFixed(2)} p50_us=${pct(0.5)} p99_us=${pct(0.99)} p999_us=${pct(0.999)} ` +
    `bytes_per_edge=${mem.bytesPerEdge.toFixed(1)} live_edges=${mem.edges} accounts=${mem.accounts} features=${scorer.features.names.length} ` +
    `alerts=${counts.REVIEW + counts.BLOCK} peak_rss_mb=${rssMb} cpu="${os.cpus()[0]?.model.trim()}" cores=${os.cpus().length}`,
);
