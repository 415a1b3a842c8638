// Gang finder benchmark: 1,000,000 scored transfers among 200,000 accounts (seeded), 1 % alerted
// and 2 % weakly scored, with 2,000 planted groups of 6 whose transfers are all alerted; the
// finder takes them in time order (one union-find step per evidence transfer), then reports
// rings once. Prints the throughput of `add`, the time of `rings()` and how many planted groups
// came out as one ring each. Scoring the transfers (the engine's job) is not included: see the
// inprocess line for that. Usage: npx tsc -p . && node bench/gangs.mjs [transfers]
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { GangFinder } from '../dist/src/analytics/gangs.js';
import { createRng } from '../dist/src/ml/prng.js';

const N = Number(process.argv[2] ?? 1_000_000);
const ACCOUNTS = 200_000;
const GROUPS = 2_000;
const rnd = createRng(17);
const DAY = 86_400_000;
const from = new Array(N);
const to = new Array(N);
const score = new Float64Array(N);
const flagged = new Uint8Array(N);
const names = Array.from({ length: ACCOUNTS }, (_, i) => `A${i}`);
for (let i = 0; i < N; i++) {
  if (i % Math.floor(N / (GROUPS * 6)) === 0 && i / Math.floor(N / (GROUPS * 6)) < GROUPS * 6) {
    const k = i / Math.floor(N / (GROUPS * 6));
    const g = Math.floor(k / 6);
    from[i] = `G${g}-${k % 6}`;
    to[i] = `G${g}-${(k + 1) % 6}`;
    score[i] = 0.9;
    flagged[i] = 1;
    continue;
  }
  from[i] = names[Math.floor(rnd() * ACCOUNTS)];
  to[i] = names[Math.floor(rnd() * ACCOUNTS)];
  const u = rnd();
  flagged[i] = u < 0.01 ? 1 : 0;
  score[i] = flagged[i] ? 0.6 + 0.4 * rnd() : u < 0.03 ? 0.4 : 0.05 * rnd();
}
const finder = new GangFinder({ burnInMs: 0, minScore: 0.35 });
const t0 = performance.now();
for (let i = 0; i < N; i++) finder.add(`T${i}`, from[i], to[i], (i / N) * 60 * DAY, 100, score[i], flagged[i] === 1);
const addS = (performance.now() - t0) / 1000;
const t1 = performance.now();
const rings = finder.rings();
const ringsS = (performance.now() - t1) / 1000;
let whole = 0;
const byMember = new Map();
for (const r of rings) for (const m of r.members) byMember.set(m, r.ring);
for (let g = 0; g < GROUPS; g++) {
  const ids = new Set(Array.from({ length: 6 }, (_, k) => byMember.get(`G${g}-${k}`)));
  if (ids.size === 1 && !ids.has(undefined)) whole++;
}
console.log(
  `bench=gangs transfers=${N} evidence=${finder.evidenceCount} add_per_s=${Math.round(N / addS)} rings_s=${ringsS.toFixed(2)} rings=${rings.length} ` +
    `planted_whole=${whole}/${GROUPS} peak_rss_mb=${Math.round(process.memoryUsage().rss / 1e6)} cpu="${cpus()[0].model.split(' ').slice(0, 2).join(' ')}" cores=${cpus().length}`,
);
