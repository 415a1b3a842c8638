import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { PAIR_GONE } from '../../src/graph/transfer-graph.js';
import { DAY, HOUR, MIN, prng, T0, tx } from './helpers.js';

// Compaction drops transfer edges no feature can read any more. It must change nothing: the
// same stream through an extractor that compacts after random transactions and through one
// that never compacts gives bit-identical feature vectors.

/** Short horizons so that time runs past every window, search and layering horizon many times. */
const SHORT: FeatureConfig = {
  ...DEFAULT_FEATURE_CONFIG,
  windowsMs: [10 * MIN, HOUR, 6 * HOUR],
  patternWindowMs: HOUR,
  passThroughWindowMs: HOUR,
  cycleWindowMs: 6 * HOUR,
  listedWindowMs: 3 * HOUR,
  fanWindowsMs: [HOUR, 6 * HOUR],
  sameAmountWindowsMs: [HOUR, 3 * HOUR],
  layeringWindowsMs: [3 * HOUR, 12 * HOUR],
  // Low caps, so that truncated searches (which count the edges they pass) are compared too.
  patternMaxDegree: 12,
  patternMaxVisits: 40,
  cycleMaxVisits: 25,
};

interface StreamOptions {
  seed: number;
  n: number;
  accounts: number;
  /** Share of transactions that arrive earlier than the latest one. */
  late: number;
  /** Spread of event times: mean step between transactions. */
  stepMs: number;
}

function stream(o: StreamOptions): Transaction[] {
  const rnd = prng(o.seed);
  const out: Transaction[] = [];
  let t = T0;
  // A few busy accounts (super-nodes), many quiet ones, some that go dormant for days.
  const pick = (): number => (rnd() < 0.3 ? Math.floor(rnd() * 3) : Math.floor(rnd() * o.accounts));
  for (let i = 0; i < o.n; i++) {
    const r = rnd();
    if (r < 0.25) {
      // equal timestamp
    } else if (r < 0.97) t += Math.floor(rnd() * 2 * o.stepMs);
    else t += Math.floor(rnd() * 2 * DAY); // a quiet spell longer than every horizon
    const at = rnd() < o.late ? t - Math.floor(rnd() * 8 * HOUR) : t;
    const a = pick();
    const b = rnd() < 0.04 ? a : pick();
    // Repeated amounts make pass-through and same-amount features fire; some near the threshold.
    const amount = rnd() < 0.3 ? 1000 : rnd() < 0.05 ? 46_000 : 1 + Math.floor(rnd() * 5000);
    const extra: Partial<Transaction> = {};
    if (rnd() < 0.2) extra.channel = 'cash_out';
    if (rnd() < 0.5) extra.device = `D${Math.floor(rnd() * o.accounts * 0.7)}`;
    if (rnd() < 0.1) extra.geo = `${(rnd() * 40).toFixed(3)},${(100 + rnd() * 20).toFixed(3)}`;
    out.push(tx(`A${a}`, `A${b}`, at, amount, extra));
  }
  return out;
}

function compare(config: FeatureConfig, o: StreamOptions, compactChance: number, retainMs = 0): { dropped: number; compactions: number; maxLive: number } {
  const rnd = prng(o.seed * 7919 + 1);
  const txs = stream(o);
  const never = new FeatureExtractor(config, { compaction: false });
  const often = new FeatureExtractor(config, { compaction: false, retainMs });
  const a = never.newVector();
  const b = often.newVector();
  let maxLive = 0;
  for (let i = 0; i < txs.length; i++) {
    // Listing changes make the distance search walk window lists outside a transaction.
    if (rnd() < 0.01) {
      const name = `A${Math.floor(rnd() * o.accounts)}`;
      const listed = rnd() < 0.6;
      for (const ex of [never, often]) {
        if (listed) ex.listed.addAccount(name);
        else ex.listed.removeAccount(name);
      }
    }
    if (rnd() < compactChance) often.compact();
    never.apply(txs[i], a);
    often.apply(txs[i], b);
    maxLive = Math.max(maxLive, often.graph.edgeCount);
    for (let j = 0; j < a.length; j++) {
      if (!Object.is(a[j], b[j])) {
        assert.fail(`seed ${o.seed}, transaction ${i}: ${never.names[j]} is ${b[j]} after compaction, ${a[j]} without`);
      }
    }
  }
  assert.equal(never.graph.droppedEdges, 0);
  assert.equal(often.graph.edgeCount + often.graph.droppedEdges, txs.length);
  return { dropped: often.graph.droppedEdges, compactions: often.compactions, maxLive };
}

test('compaction property: features identical with and without compaction (in order, equal times, short horizons, low caps)', () => {
  let dropped = 0;
  for (let seed = 1; seed <= 6; seed++) dropped += compare(SHORT, { seed, n: 2500, accounts: 40, late: 0, stepMs: 2 * MIN }, 0.05).dropped;
  assert.ok(dropped > 5000, `compaction dropped edges (${dropped})`);
});

test('compaction property: out-of-order arrivals', () => {
  let dropped = 0;
  for (let seed = 11; seed <= 15; seed++) dropped += compare(SHORT, { seed, n: 2000, accounts: 30, late: 0.1, stepMs: 3 * MIN }, 0.08).dropped;
  assert.ok(dropped > 1000, `compaction dropped edges (${dropped})`);
});

test('compaction property: edges kept for head-walking readers (retainMs) change nothing either', () => {
  let dropped = 0;
  for (let seed = 31; seed <= 33; seed++) dropped += compare(SHORT, { seed, n: 2000, accounts: 30, late: 0.05, stepMs: 3 * MIN }, 0.05, 9 * HOUR).dropped;
  assert.ok(dropped > 500, `compaction dropped edges (${dropped})`);
});

test('compaction property: compacting before every transaction, default horizons over months', () => {
  const r = compare(DEFAULT_FEATURE_CONFIG, { seed: 21, n: 1500, accounts: 25, late: 0.02, stepMs: 4 * HOUR }, 1);
  assert.ok(r.dropped > 200, `compaction dropped edges (${r.dropped})`);
});

test('automatic compaction keeps the live graph bounded while time runs past the horizons', () => {
  const ex = new FeatureExtractor(SHORT);
  const v = ex.newVector();
  const rnd = prng(5);
  let t = T0;
  for (let i = 0; i < 400_000; i++) {
    t += Math.floor(rnd() * 20_000);
    ex.apply(tx(`A${Math.floor(rnd() * 500)}`, `A${Math.floor(rnd() * 500)}`, t, 100), v);
  }
  // 12 hours of transfers at one per 10 s on average is about 4,300 edges; dormant accounts keep
  // theirs until they transact again, and a compaction runs when the graph doubles.
  assert.ok(ex.compactions >= 3, `compactions ${ex.compactions}`);
  assert.ok(ex.graph.edgeCount < 1 << 17, `live edges ${ex.graph.edgeCount}`);
  assert.equal(ex.graph.edgeCount + ex.graph.droppedEdges, 400_000);
});

test('a steady graph stays in its edge arrays: a compaction instead of doubling them once it has grown by half', () => {
  // About 40,000 live edges after each compaction (one transfer every 2.3 s on average among 2,000
  // accounts): compacting only once the graph doubled would pass 65,536 edges (measured: the
  // arrays grew to 131,072, compactions at about 80,000 edges).
  const ex = new FeatureExtractor(SHORT);
  const v = ex.newVector();
  const rnd = prng(11);
  let t = T0;
  let capacityAtFirst = 0;
  for (let i = 0; i < 200_000; i++) {
    t += Math.floor(rnd() * 4_600);
    ex.apply(tx(`A${Math.floor(rnd() * 2_000)}`, `A${Math.floor(rnd() * 2_000)}`, t, 100), v);
    if (ex.compactions === 1 && capacityAtFirst === 0) capacityAtFirst = ex.graph.edgeCapacity;
  }
  assert.equal(capacityAtFirst, 1 << 16);
  assert.ok(ex.compactions >= 4, `compactions ${ex.compactions}`);
  assert.equal(ex.graph.edgeCapacity, 1 << 16);
  assert.equal(ex.graph.edgeCount + ex.graph.droppedEdges, 200_000);
});

test('pair summary across a compaction: counts, sums, time since last and the reverse count, hand-checked', () => {
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { compaction: false });
  const v = ex.newVector();
  const f = (name: string): number => v[ex.names.indexOf(name)];
  ex.apply(tx('P', 'Q', T0, 100), v);
  ex.apply(tx('P', 'Q', T0 + HOUR, 300), v);
  ex.apply(tx('Q', 'P', T0 + 2 * HOUR, 50), v);
  // 40 days on, past every window (30 d): the three edges are behind every pointer once P and Q transact.
  const later = T0 + 40 * DAY;
  ex.apply(tx('P', 'Z', later, 10), v);
  ex.apply(tx('Z', 'Q', later, 10), v);
  ex.compact();
  assert.equal(ex.graph.droppedEdges, 3, 'the three P↔Q edges are dropped');
  assert.equal(ex.graph.previousPairEdge(ex.accounts.lookup('P'), ex.accounts.lookup('Q')), PAIR_GONE);
  ex.apply(tx('P', 'Q', later + 60_000, 200), v);
  assert.equal(f('pair_count'), 2);
  assert.equal(f('pair_sum'), 400);
  assert.equal(f('pair_last_s'), (40 * DAY + 60_000 - HOUR) / 1000);
  assert.equal(f('pair_first'), 0, 'a pair whose edges were dropped is not new');
  assert.equal(f('pair_reverse_count'), 1);
  assert.equal(f('pair_amount_ratio'), 1, '200 over the earlier mean of 200');
  assert.equal(f('from_new_payees_24h'), 1, 'only P→Z opened a link in the last day');
  ex.apply(tx('Q', 'P', later + 120_000, 25), v);
  assert.equal(f('pair_count'), 1);
  assert.equal(f('pair_sum'), 50);
  assert.equal(f('pair_reverse_count'), 3);
  assert.equal(f('pair_amount_ratio'), 0.5);
  assert.equal(f('pair_first'), 0);
});

test('retainMs keeps the edges within that time of either account\'s last activity', () => {
  const txs = [tx('P', 'Q', T0, 100), tx('Q', 'P', T0 + HOUR, 50), tx('P', 'Z', T0 + 40 * DAY, 10), tx('Z', 'Q', T0 + 40 * DAY, 10)];
  const keep = new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { compaction: false, retainMs: 45 * DAY });
  const drop = new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { compaction: false, retainMs: 35 * DAY });
  for (const ex of [keep, drop]) {
    const v = ex.newVector();
    for (const t of txs) ex.apply(t, v);
    ex.compact();
  }
  assert.equal(keep.graph.droppedEdges, 0);
  assert.equal(drop.graph.droppedEdges, 2);
  // The kept lists still link in order from their heads.
  const g = keep.graph;
  const p = keep.accounts.lookup('P');
  const outs: number[] = [];
  for (let e = g.headOut[p]; e !== -1; e = g.nextOut(e)) outs.push(g.amount(e));
  assert.deepEqual(outs, [100, 10]);
});
