import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { HOUR, MIN, prng, T0, tx } from './helpers.js';

// Pattern features against brute force on small random graphs (time-ordered, with ties and
// self-transfers), with caps high enough that no search is cut.

const PW = 12 * HOUR;
const CW = 2 * 24 * HOUR;
const LW = 24 * HOUR;

function randomTransactions(seed: number, accounts: number, n: number): Transaction[] {
  const rnd = prng(seed);
  const times = Array.from({ length: n }, () => T0 + Math.floor(rnd() * 144) * 30 * MIN).sort((a, b) => a - b);
  return times.map((t) => {
    const a = Math.floor(rnd() * accounts);
    const b = rnd() < 0.05 ? a : Math.floor(rnd() * accounts);
    return tx(`N${a}`, `N${b}`, t, 1 + Math.floor(rnd() * 1000));
  });
}

function inWindow(e: Transaction, t: number, w: number): boolean {
  return e.time > t - w && e.time <= t;
}

function bruteCycles(txs: Transaction[], i: number, L: number): [number, number] {
  const { from: s, to: r, time: t } = txs[i];
  if (s === r) return [0, 0];
  const edges = txs.slice(0, i).filter((e) => inWindow(e, t, CW));
  // Only a new link closes a cycle: s paid r already inside the window → nothing counted.
  if (edges.some((e) => e.from === s && e.to === r)) return [0, 0];
  let best = 0;
  const firsts = new Set<string>();
  const dfs = (node: string, last: number, path: Set<string>, k: number, first: string): void => {
    for (const e of edges) {
      if (e.from !== node || e.time < last) continue;
      const v = e.to;
      const hop = k === 0 ? v : first;
      if (v === s) {
        if (k + 2 <= L) {
          best = best === 0 ? k + 2 : Math.min(best, k + 2);
          firsts.add(hop);
        }
        continue;
      }
      if (v === r || path.has(v) || k + 2 > L - 1) continue;
      path.add(v);
      dfs(v, e.time, path, k + 1, hop);
      path.delete(v);
    }
  };
  dfs(r, -Infinity, new Set([r]), 0, '');
  return [best, firsts.size];
}

function bruteScatter(txs: Transaction[], i: number): [number, number, number] {
  const { from: s, to: r, time: t } = txs[i];
  if (s === r) return [0, 0, 0];
  const edges = txs.slice(0, i).filter((e) => inWindow(e, t, PW));
  let paths = 0;
  const mids = new Set<string>();
  for (const a of edges) {
    if (a.from !== s || a.to === s || a.to === r) continue;
    for (const b of edges) {
      if (b.from === a.to && b.to === r && a.time <= b.time) {
        paths++;
        mids.add(a.to);
      }
    }
  }
  let best = 0;
  const withCurrent = [...edges, txs[i]];
  for (const q of new Set(edges.filter((e) => e.to === s && e.from !== s && e.from !== r).map((e) => e.from))) {
    const ys = new Set<string>();
    for (const a of edges) {
      if (a.from !== q || a.to === q || a.to === r) continue;
      if (withCurrent.some((b) => b.from === a.to && b.to === r && a.time <= b.time)) ys.add(a.to);
    }
    best = Math.max(best, ys.size);
  }
  return [paths, mids.size, best];
}

function bruteHops(txs: Transaction[], i: number, start: string, listed: Set<string>, k: number): number {
  const t = txs[i].time;
  const edges = txs.slice(0, i + 1).filter((e) => inWindow(e, t, LW));
  let frontier = [start];
  const seen = new Set(frontier);
  for (let d = 0; d <= k; d++) {
    if (frontier.some((a) => listed.has(a))) return d;
    const next: string[] = [];
    for (const a of frontier) {
      for (const e of edges) {
        const b = e.from === a ? e.to : e.to === a ? e.from : undefined;
        if (b !== undefined && !seen.has(b)) {
          seen.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return k + 1;
}

function bruteMax(txs: Transaction[], i: number, account: string, dir: 'out' | 'in'): number {
  const t = txs[i].time;
  let m = 0;
  for (const e of txs.slice(0, i + 1)) {
    if (inWindow(e, t, PW) && (dir === 'out' ? e.from : e.to) === account) m = Math.max(m, e.amount / 100);
  }
  return m;
}

for (const [seed, accounts, n, L] of [[1, 6, 80, 6], [2, 8, 120, 4], [3, 5, 60, 3], [4, 10, 150, 5], [5, 7, 100, 6], [6, 4, 60, 2]] as const) {
  test(`graph patterns match brute force (seed ${seed}, ${accounts} accounts, ${n} transfers, L = ${L})`, () => {
    const txs = randomTransactions(seed, accounts, n);
    const listed = new Set([`N${accounts - 1}`]);
    const hops = L >= 5 ? 3 : 2;
    const ex = new FeatureExtractor({
      ...DEFAULT_FEATURE_CONFIG, patternWindowMs: PW, cycleWindowMs: CW, listedWindowMs: LW, maxCycleLength: L,
      listedMaxHops: hops, patternMaxDegree: 1e6, patternMaxVisits: 1e6, cycleMaxVisits: 1e6,
    });
    for (const a of listed) ex.listed.addAccount(a);
    const at = (name: string): number => ex.names.indexOf(name);
    const v = ex.newVector();
    let cycles = 0;
    let sg = 0;
    txs.forEach((t, i) => {
      // List changes mid-stream: one more account listed, later the first one unlisted.
      if (i === Math.floor(n / 2)) {
        listed.add('N0');
        ex.listed.addAccount('N0');
      }
      if (i === Math.floor((3 * n) / 4)) {
        listed.delete(`N${accounts - 1}`);
        ex.listed.removeAccount(`N${accounts - 1}`);
      }
      ex.apply(t, v);
      const where = `transfer ${i} ${t.from}→${t.to}`;
      const [len, count] = bruteCycles(txs, i, L);
      assert.equal(v[at('cycle_len')], len, `cycle_len, ${where}`);
      assert.equal(v[at('cycle_count')], count, `cycle_count, ${where}`);
      const [paths, mids, sources] = bruteScatter(txs, i);
      assert.equal(v[at('sg_paths')], paths, `sg_paths, ${where}`);
      assert.equal(v[at('sg_intermediates')], mids, `sg_intermediates, ${where}`);
      assert.equal(v[at('sg_source_intermediates')], sources, `sg_source_intermediates, ${where}`);
      assert.equal(v[at('from_out_max_12h')], bruteMax(txs, i, t.from, 'out'), `from_out_max, ${where}`);
      assert.equal(v[at('from_in_max_12h')], bruteMax(txs, i, t.from, 'in'), `from_in_max, ${where}`);
      assert.equal(v[at('to_in_max_12h')], bruteMax(txs, i, t.to, 'in'), `to_in_max, ${where}`);
      assert.equal(v[at('to_out_max_12h')], bruteMax(txs, i, t.to, 'out'), `to_out_max, ${where}`);
      assert.equal(v[at('from_listed_hops')], bruteHops(txs, i, t.from, listed, hops), `from_listed_hops, ${where}`);
      assert.equal(v[at('to_listed_hops')], bruteHops(txs, i, t.to, listed, hops), `to_listed_hops, ${where}`);
      assert.equal(v[at('search_truncated')], 0, where);
      if (len > 0) cycles++;
      if (paths > 0) sg++;
    });
    assert.ok(cycles > 0 || L === 2, 'the graph has cycles to find');
    assert.ok(sg > 0, 'the graph has two-hop paths to count');
  });
}
