// In-process benchmark: N generated transactions through features + rules (no storage).
// Prints one machine-readable line: bench=inprocess ...
//
// BENCH_SEARCH_THREAD=1 scores the same transactions as a batch run does (`ringwatch score`,
// `rings`, `features`): the search features (cycles, scatter-gather, layering, the amount
// profile) on a second thread running ahead (see features/split/search-feed.ts), the rest on
// this one. Same features, same decisions; the line says `searches=thread`. The default,
// `searches=inline`, is the online path a server takes for each request.
import os from 'node:os';
import { defaultEngineConfig } from '../dist/src/engine/config.js';
import { buildScorer } from '../dist/src/engine/runtime.js';
import { SearchFeed, transactionRows } from '../dist/src/features/split/search-feed.js';
import { syntheticTransactions } from './synthetic.mjs';

const n = Number(process.argv[2] ?? 1_000_000);
const txs = syntheticTransactions(n);
// BENCH_RING_REFRESH=0 measures without the daily batch ring refresh behind the ring features.
const ringRefresh = process.env.BENCH_RING_REFRESH === '0' ? 0 : defaultEngineConfig().ringRefreshMs;
const threaded = process.env.BENCH_SEARCH_THREAD === '1';
const config = { ...defaultEngineConfig(), ringRefreshMs: ringRefresh };

// Warm up on a separate scorer so the measured one starts empty.
const warm = buildScorer(config);
for (let i = 0; i < Math.min(50_000, n); i++) warm.score(txs[i]);

// Rows applied between two waits for the search thread (as a batch command does).
const STEP = 1024;
const feed = threaded ? new SearchFeed(config.features) : undefined;
const scorer = feed ? buildScorer(config, undefined, { searches: feed }) : buildScorer(config);
const lat = new Float64Array(n);
const counts = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
const started = performance.now();
const cpu0 = process.cpuUsage();
feed?.begin(transactionRows(txs));
for (let i = 0; i < n; i++) {
  if (feed && i % STEP === 0) await feed.ready(i + STEP);
  const t0 = performance.now();
  const d = scorer.score(txs[i]);
  lat[i] = performance.now() - t0;
  counts[d.decision]++;
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
await feed?.close();
lat.sort();
const pct = (p) => (lat[Math.min(n - 1, Math.floor(p * n))] * 1000).toFixed(2);
const mem = scorer.features.memory();
const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(
  `bench=inprocess tx=${n} ring_refresh=${ringRefresh ? 'daily' : 'off'} searches=${threaded ? 'thread' : 'inline'} tx_per_s=${Math.round(n / seconds)} cpu_us_per_tx=${((cpu.user + cpu.system) / n).toFixed(2)} p50_us=${pct(0.5)} p99_us=${pct(0.99)} p999_us=${pct(0.999)} ` +
    `bytes_per_edge=${mem.bytesPerEdge.toFixed(1)} live_edges=${mem.edges} accounts=${mem.accounts} features=${scorer.features.names.length} ` +
    `alerts=${counts.REVIEW + counts.BLOCK} peak_rss_mb=${rssMb} cpu="${os.cpus()[0]?.model.trim()}" cores=${os.cpus().length}`,
);
