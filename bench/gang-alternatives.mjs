// Gang finding: the gang finder against the alternatives issue 13 names, on an AMLSim data set
// with its laundering groups. One scoring pass (the engine with a model trained on the first
// 60 % by `ringwatch train … --until 0.6`, or rules only with --rules) gives every transfer its
// decision; each alternative builds rings from the same decisions, and
// `../shared/tools/score_rings.py --split test` scores them against the groups (last 20 %).
// The same evidence for all: transfers alerted (REVIEW or BLOCK) after the burn-in (the longest
// feature window), with a model also weak evidence (score ≥ ⅔ of its review threshold).
//   alert-components   connected components of the alerted transfers (the naive baseline)
//   leiden-suspicious  Leiden (seeded) on the evidence subgraph, edges weighted by what the
//                      evidence is worth (an alert 1, weak evidence its share), loops' hops added
//   label-propagation  labels seeded from the alert components, spread over every transfer after
//                      the burn-in, weighted by its score; an account takes the label its
//                      neighbours weigh most once that weight reaches one alert's worth
//   gangs              the product's gang finder (`ringwatch rings`)
// The rings each alternative reports keep at least 3 members and (except the baseline) evidence
// worth what the gang finder asks (5 alerts, or 3 within any one day).
// Usage: npx tsc -p . && node bench/gang-alternatives.mjs [dataset folder] [--rules | --model=m.json]
// Prints one line per alternative: bench=gang-alternatives dataset=… method=… rings=… inst_recall=… ring_precision=… ring_f1=…
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readTransactions } from '../dist/src/ingest/index.js';
import { defaultEngineConfig } from '../dist/src/engine/config.js';
import { buildScorer } from '../dist/src/engine/runtime.js';
import { GangCollector, supervisedReview } from '../dist/src/engine/gangs.js';
import { csrFromEdges, DEFAULT_GANG_OPTIONS, leiden, UnionFind } from '../dist/src/analytics/index.js';

const args = process.argv.slice(2);
const rulesOnly = args.includes('--rules');
const set = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/datasets/amlsim_dev_a');
const file = [join(set, 'transactions.csv'), join(set, 'transactions.csv.gz')].find((f) => existsSync(f)) ?? join(set, 'transactions.csv');
const scorerTool = resolve('../shared/tools/score_rings.py');
if (!existsSync(file) || !existsSync(scorerTool)) {
  console.log(`bench=gang-alternatives skipped=no-dataset path=${set}`);
  process.exit(0);
}
const map = { id: 'tran_id', time: 'tran_timestamp', from: 'orig_acct', to: 'bene_acct', amount: 'base_amt', channel: 'tx_type' };
const mapFlag = Object.entries(map).map(([k, v]) => `${k}=${v}`).join(',');
const dir = mkdtempSync(join(tmpdir(), 'rw-bench-gangs-'));
const given = args.find((a) => a.startsWith('--model='))?.slice('--model='.length);
let modelFile = given;
if (!rulesOnly && !given) {
  modelFile = join(dir, 'm.json');
  const t = spawnSync(process.execPath, ['dist/src/cli/main.js', 'train', file, '--map', mapFlag, '--label', 'is_sar', '--until', '0.6', '--out', modelFile], { encoding: 'utf8' });
  if (t.status !== 0) throw new Error(t.stderr);
}

// One scoring pass, in time order, as `ringwatch rings` reads the file.
const txs = [];
for await (const b of readTransactions(file, { map })) for (const a of b.accepted) txs.push(a.tx);
txs.sort((a, b) => a.time - b.time);
const config = { ...defaultEngineConfig(), ...(modelFile ? { modelFile } : {}) };
const scorer = buildScorer(config);
const review = supervisedReview(modelFile);
const minScore = review === undefined ? Infinity : (2 / 3) * review;
const gangs = new GangCollector(config.features, { review });
const burnIn = Math.max(...config.features.windowsMs, ...config.features.layeringWindowsMs, config.features.cycleWindowMs);
const start = txs[0].time;
const decided = [];
const t0 = performance.now();
for (const tx of txs) {
  const d = scorer.score(tx);
  gangs.add(tx, d);
  if (tx.time - start < burnIn || tx.from === tx.to) continue;
  const loop = d.reasons.find((r) => r.accounts !== undefined)?.accounts;
  decided.push({ from: tx.from, to: tx.to, time: tx.time, score: d.score, alert: d.decision !== 'ALLOW', loop });
}
const scoreSeconds = (performance.now() - t0) / 1000;

// Account ids over every transfer after the burn-in.
const ids = new Map();
const names = [];
const id = (a) => {
  let k = ids.get(a);
  if (k === undefined) ids.set(a, (k = names.push(a) - 1));
  return k;
};
/** Evidence edges: [u, v, weight] — alerts 1, weak evidence its share of the review threshold, loop hops as their alert. */
const evidence = [];
for (const d of decided) (id(d.from), id(d.to));
for (const d of decided) {
  const w = d.alert ? 1 : d.score >= minScore ? Math.min(1, (2 / 3) * (d.score / minScore)) : 0;
  if (w === 0) continue;
  evidence.push([id(d.from), id(d.to), w, d.alert, d.time]);
  if (d.alert && d.loop) for (let i = 0; i + 1 < d.loop.length; i++) evidence.push([id(d.loop[i]), id(d.loop[i + 1]), w, true, d.time, true]);
}
const n = names.length;

/**
 * Rings from a membership (account → group, −1 none): groups of ≥ 3 whose evidence weighs what
 * the gang finder asks (DEFAULT_GANG_OPTIONS: minMass, or burstMass within burstMs); `all` keeps every group of ≥ 3.
 */
function ringsOf(group, all = false) {
  const members = new Map();
  const mass = new Map();
  const times = new Map();
  for (let a = 0; a < n; a++) if (group[a] >= 0) (members.get(group[a]) ?? members.set(group[a], []).get(group[a])).push(names[a]);
  for (const [u, v, w, , t, hop] of evidence) {
    if (group[u] < 0 || group[u] !== group[v]) continue;
    mass.set(group[u], (mass.get(group[u]) ?? 0) + w);
    if (!hop) (times.get(group[u]) ?? times.set(group[u], []).get(group[u])).push([t, w]);
  }
  const { minMass, burstMass, burstMs } = DEFAULT_GANG_OPTIONS;
  // The most evidence within any burstMs (a loop's hops excluded), as the gang finder reads a burst.
  const burst = (g) => {
    const list = (times.get(g) ?? []).sort((x, y) => x[0] - y[0]);
    let best = 0;
    let sum = 0;
    let lo = 0;
    for (let hi = 0; hi < list.length; hi++) {
      sum += list[hi][1];
      while (list[hi][0] - list[lo][0] > burstMs) sum -= list[lo++][1];
      best = Math.max(best, sum);
    }
    return best;
  };
  const enough = (g) => all || (mass.get(g) ?? 0) >= minMass - 1e-9 || burst(g) >= burstMass - 1e-9;
  return [...members].filter(([g, m]) => m.length >= 3 && enough(g)).map(([g, m]) => ({ members: m.sort(), risk: Math.min(1, (mass.get(g) ?? 0) / 10) }));
}

const methods = {};
const timed = (name, f) => {
  const t = performance.now();
  methods[name] = { rings: f(), seconds: (performance.now() - t) / 1000 };
};

// Connected components of the alerted transfers: a stray alert welds neighbourhoods together.
const alertGroups = (() => {
  const uf = new UnionFind();
  uf.ensure(n);
  const touched = new Uint8Array(n);
  for (const [u, v, , alert] of evidence) {
    if (!alert) continue;
    uf.union(u, v);
    touched[u] = touched[v] = 1;
  }
  const group = new Int32Array(n).fill(-1);
  for (let a = 0; a < n; a++) if (touched[a]) group[a] = uf.find(a);
  return group;
})();
timed('alert-components', () => ringsOf(alertGroups, true));

// Leiden on the evidence subgraph (seeded): communities of the suspicious edges only.
timed('leiden-suspicious', () => {
  const m = evidence.length;
  const u = new Int32Array(m);
  const v = new Int32Array(m);
  const w = new Float64Array(m);
  evidence.forEach(([a, b, x], e) => ((u[e] = a), (v[e] = b), (w[e] = x)));
  const result = leiden(csrFromEdges(n, u, v, w), { seed: 1 });
  const touched = new Uint8Array(n);
  for (const [a, b] of evidence) touched[a] = touched[b] = 1;
  const group = new Int32Array(n).fill(-1);
  for (let a = 0; a < n; a++) if (touched[a]) group[a] = result.membership[a];
  return ringsOf(group);
});

// Label propagation seeded from the alert components over every transfer, weighted by score.
timed('label-propagation', () => {
  const adj = Array.from({ length: n }, () => []);
  for (const d of decided) {
    const a = id(d.from);
    const b = id(d.to);
    adj[a].push(b, d.score);
    adj[b].push(a, d.score);
  }
  const group = Int32Array.from(alertGroups);
  const seeded = group.map((g) => (g >= 0 ? 1 : 0));
  for (let round = 0; round < 10; round++) {
    let changed = 0;
    const next = Int32Array.from(group);
    for (let a = 0; a < n; a++) {
      if (seeded[a]) continue;
      const weight = new Map();
      const list = adj[a];
      for (let k = 0; k < list.length; k += 2) {
        const g = group[list[k]];
        if (g >= 0) weight.set(g, (weight.get(g) ?? 0) + list[k + 1]);
      }
      let best = -1;
      let bestW = 0;
      for (const [g, x] of weight) if (x > bestW || (x === bestW && g < best)) [best, bestW] = [g, x];
      const take = bestW >= 1 ? best : -1;
      if (take !== next[a]) (next[a] = take), changed++;
    }
    group.set(next);
    if (changed === 0) break;
  }
  return ringsOf(group);
});

timed('gangs', () => gangs.report({ has: () => false }).rings.map((r) => ({ members: r.members, risk: r.risk })));

const rows = txs.length;
for (const [name, { rings, seconds }] of Object.entries(methods)) {
  const out = join(dir, `${name}.csv`);
  writeFileSync(out, 'ring,size,risk,members,reasons\n' + rings.map((r, k) => `r${k},${r.members.length},${r.risk.toFixed(4)},${r.members.join(' ')},`).join('\n') + '\n');
  const s = spawnSync('python3', [scorerTool, join(set, 'alert_accounts.csv'), join(set, 'alert_transactions.csv'), out, '--split', 'test', '--rows', String(rows)], { encoding: 'utf8' });
  if (s.status !== 0) throw new Error(s.stderr);
  const last = s.stdout.trim().split('\n').at(-1);
  const f = Object.fromEntries(last.split(' ').map((x) => x.split('=')));
  console.log(`bench=gang-alternatives dataset=${basename(set)} evidence=${rulesOnly ? 'rules' : 'model'} method=${name} rings=${f.rings} inst_recall=${f.inst_recall} ring_precision=${f.ring_precision} ring_f1=${f.ring_F1} member_precision=${f.member_precision} seconds=${seconds.toFixed(2)} score_seconds=${scoreSeconds.toFixed(1)}`);
}
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
else console.log('kept', dir);
