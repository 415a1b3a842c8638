import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { loadRulesWith } from '../../src/engine/backtest.js';
import { buildScorer } from '../../src/engine/runtime.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { createRng } from '../../src/ml/prng.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function tx(id: string, from: string, to: string, time: number, amount = 100): Transaction {
  return { id, time, from, to, amount, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' };
}

/** Feeds the transfers; returns cycle_new_len per transfer and the extractor. */
function run(txs: Transaction[], config = DEFAULT_FEATURE_CONFIG): { len: number[]; cycles: string[][]; hops: string[][]; x: FeatureExtractor } {
  const x = new FeatureExtractor(config);
  const i = x.names.indexOf('cycle_new_len');
  const v = x.newVector();
  const len: number[] = [];
  const cycles: string[][] = [];
  const hops: string[][] = [];
  for (const t of txs) {
    x.apply(t, v);
    len.push(v[i]);
    const c = x.lastCycle();
    cycles.push(c?.accounts ?? []);
    hops.push(c?.transactions ?? []);
  }
  return { len, cycles, hops, x };
}

test('a loop of first-time links is found with its accounts; equal times count; a repeat link closes nothing', () => {
  const { len, cycles, hops } = run([
    tx('1', 'A', 'B', T0),
    tx('2', 'B', 'C', T0 + DAY),
    tx('3', 'C', 'D', T0 + DAY), // same day as the link before: time-respecting
    tx('4', 'D', 'A', T0 + 2 * DAY), // closes A → B → C → D → A
    tx('5', 'D', 'A', T0 + 3 * DAY), // the same pair again: not a first-time link
  ]);
  assert.deepEqual(len, [0, 0, 0, 4, 0]);
  assert.deepEqual(cycles[3], ['A', 'B', 'C', 'D'], 'payee first, payer last');
  assert.deepEqual(hops[3], ['1', '2', '3'], 'the hops A → B → C → D before the closing D → A');
  assert.deepEqual(cycles[4], []);
  assert.deepEqual(hops[4], []);
});

test('a path that goes back in time, a repeat link inside the loop, or a loop older than the window closes nothing', () => {
  // Backwards in time: C → D happened before B → C, so money cannot have flowed A → B → C → D.
  assert.deepEqual(run([tx('1', 'C', 'D', T0), tx('2', 'A', 'B', T0 + DAY), tx('3', 'B', 'C', T0 + 2 * DAY), tx('4', 'D', 'A', T0 + 3 * DAY)]).len, [0, 0, 0, 0]);
  // B → C was paid before: the second B → C is no first-time link, but the first one still is.
  assert.deepEqual(run([tx('0', 'B', 'C', T0), tx('1', 'A', 'B', T0 + DAY), tx('2', 'B', 'C', T0 + 2 * DAY), tx('3', 'C', 'A', T0 + 3 * DAY)]).len, [0, 0, 0, 0], 'the only B → C first-time link is older than A → B');
  // The loop spreads over more than the 30-day window.
  assert.deepEqual(run([tx('1', 'A', 'B', T0), tx('2', 'B', 'C', T0 + 20 * DAY), tx('3', 'C', 'A', T0 + 31 * DAY)]).len, [0, 0, 0]);
  assert.deepEqual(run([tx('1', 'A', 'B', T0), tx('2', 'B', 'C', T0 + 20 * DAY), tx('3', 'C', 'A', T0 + 29 * DAY)]).len, [0, 0, 3]);
});

test('loops longer than maxCycleLength are not counted; a cut search reads 0 and counts as truncated', () => {
  const chain = (n: number): Transaction[] => {
    const out: Transaction[] = [];
    for (let i = 0; i < n - 1; i++) out.push(tx(`c${i}`, `N${i}`, `N${i + 1}`, T0 + i * 60_000));
    out.push(tx('close', `N${n - 1}`, 'N0', T0 + n * 60_000));
    return out;
  };
  assert.equal(run(chain(10)).len.at(-1), 10);
  assert.equal(run(chain(11)).len.at(-1), 0);
  // R paid Y, then 50 accounts that lead nowhere (walked first: newest first); with a budget of 20 links the search stops.
  const txs = [tx('sr', 'R', 'Y', T0), ...Array.from({ length: 50 }, (_, i) => tx(`f${i}`, 'R', `X${i}`, T0)), tx('ys', 'Y', 'S', T0), tx('close', 'S', 'R', T0 + DAY)];
  const tight = { ...DEFAULT_FEATURE_CONFIG, newLinkCycleMaxVisits: 20 };
  const cut = run(txs, tight);
  assert.equal(cut.len.at(-1), 0);
  const truncated = cut.x.names.indexOf('search_truncated');
  const v = new FeatureExtractor(tight).newVector();
  const x = new FeatureExtractor(tight);
  for (const t of txs) x.apply(t, v);
  assert.ok(v[truncated] >= 1);
  assert.equal(run(txs).len.at(-1), 3, 'the default budget finds R → Y → S → R');
});

/** Brute force: is there a simple time-respecting path r → … → s of first-time links in (t − W, t] with at most L − 1 hops? */
function bruteForce(txs: Transaction[], W: number, L: number): number[] {
  const links: Array<{ s: string; r: string; t: number }> = [];
  const seen = new Set<string>();
  const out: number[] = [];
  for (const x of txs) {
    const key = `${x.from}>${x.to}`;
    if (seen.has(key) || x.from === x.to) {
      out.push(0);
      seen.add(key);
      continue;
    }
    seen.add(key);
    const live = links.filter((l) => l.t > x.time - W && l.t <= x.time);
    let found = false;
    const dfs = (u: string, from: number, hops: number, path: Set<string>): void => {
      if (found) return;
      for (const l of live) {
        if (l.s !== u || l.t < from) continue;
        if (l.r === x.from) {
          found = true;
          return;
        }
        if (hops + 1 <= L - 2 && !path.has(l.r) && l.r !== x.to) {
          path.add(l.r);
          dfs(l.r, l.t, hops + 1, path);
          path.delete(l.r);
        }
      }
    };
    dfs(x.to, -Infinity, 0, new Set([x.to]));
    out.push(found ? 1 : 0);
    links.push({ s: x.from, r: x.to, t: x.time });
  }
  return out;
}

test('property: on random small streams a loop is found exactly when one exists, and each loop found is a real one', () => {
  const config = { ...DEFAULT_FEATURE_CONFIG, cycleWindowMs: 5 * DAY, maxCycleLength: 5, newLinkCycleMaxVisits: 1e6, newLinkCycleRareRate: 10_000 };
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = createRng(seed);
    const txs: Transaction[] = [];
    let t = T0;
    for (let i = 0; i < 120; i++) {
      t += Math.floor(rnd() * 3) * (DAY / 2); // many equal times
      txs.push(tx(`t${i}`, `A${Math.floor(rnd() * 9)}`, `A${Math.floor(rnd() * 9)}`, t));
    }
    const { len, cycles, hops } = run(txs, config);
    const byId = new Map(txs.map((x) => [x.id, x]));
    assert.deepEqual(len.map((l) => (l > 0 ? 1 : 0)), bruteForce(txs, config.cycleWindowMs, config.maxCycleLength), `seed ${seed}`);
    for (let i = 0; i < txs.length; i++) {
      if (len[i] === 0) continue;
      const c = cycles[i];
      assert.equal(c.length, len[i]);
      assert.equal(c[0], txs[i].to);
      assert.equal(c.at(-1), txs[i].from);
      assert.equal(new Set(c).size, c.length, 'a simple cycle');
      // The hops are real earlier transfers along the loop, in time order, within the window.
      const h = hops[i].map((id) => byId.get(id)!);
      assert.equal(h.length, c.length - 1);
      h.forEach((x, k) => {
        assert.deepEqual([x.from, x.to], [c[k], c[k + 1]]);
        assert.ok(x.time <= txs[i].time && x.time > txs[i].time - config.cycleWindowMs);
        if (k > 0) assert.ok(x.time >= h[k - 1].time, 'time-respecting');
      });
    }
  }
});

test('where loops of first-time links are common they still count, but name no accounts (no ring evidence)', () => {
  // Loop after loop: from the second one on, loops have closed on more than 10 of 10,000 transfers.
  const txs: Transaction[] = [];
  for (let d = 0; d < 5; d++) {
    const t = T0 + d * DAY;
    txs.push(tx(`a${d}`, `P${d}`, `Q${d}`, t), tx(`b${d}`, `Q${d}`, `R${d}`, t), tx(`c${d}`, `R${d}`, `P${d}`, t));
  }
  const { len, cycles, x } = run(txs);
  const rate = x.names.indexOf('cycle_new_rate');
  assert.deepEqual(len.filter((_, i) => i % 3 === 2), [3, 3, 3, 3, 3]);
  assert.deepEqual(cycles[2], ['P0', 'Q0', 'R0'], 'the first loop: none before it');
  assert.deepEqual(cycles[5], [], 'one loop in 5 transfers before it: 2,000 per 10,000');
  const v = x.newVector();
  x.apply(tx('z', 'Y', 'Z', T0 + 6 * DAY), v);
  assert.equal(v[rate], (5 * 10_000) / 15);
});

test('the pool drops links older than the window and keeps finding loops across many windows', () => {
  const txs: Transaction[] = [];
  // 400 days, three fresh accounts a day forming a loop each day.
  for (let d = 0; d < 400; d++) {
    const t = T0 + d * DAY;
    txs.push(tx(`a${d}`, `P${d}`, `Q${d}`, t), tx(`b${d}`, `Q${d}`, `R${d}`, t), tx(`c${d}`, `R${d}`, `P${d}`, t));
  }
  const { len, x } = run(txs);
  assert.deepEqual(len.filter((_, i) => i % 3 === 2), Array(400).fill(3));
  const family = (x as unknown as { families: Array<{ id: string; linkCount?: number }> }).families.find((f) => f.id === 'new-link-cycles')!;
  assert.ok(family.linkCount! <= 4 * 31 * 3, `links held ${family.linkCount}`);
});

test('an alert that closed a loop carries the loop\'s accounts in a pattern reason', () => {
  const config = { ...defaultEngineConfig(), builtinRules: false };
  const text = 'rules:\n  - id: loop\n    version: 1\n    description: {en: loop, zh: 环}\n    severity: high\n    weight: 0.6\n    expression: cycle_new_len >= 3\n';
  const scorer = buildScorer(config, loadRulesWith(config, [{ name: 'loop.yaml', text }]));
  const ds = [tx('1', 'A', 'B', T0), tx('2', 'B', 'C', T0 + DAY), tx('3', 'C', 'A', T0 + 2 * DAY)].map((t) => scorer.score(t));
  assert.equal(ds[2].decision, 'REVIEW');
  const pattern = ds[2].reasons.find((r) => r.rule === 'pattern.cycle_new_links');
  assert.deepEqual(pattern?.accounts, ['A', 'B', 'C']);
  assert.equal(pattern?.weight, 0);
  assert.ok(ds.slice(0, 2).every((d) => d.reasons.every((r) => r.accounts === undefined)));
});

test('the hops of a loop are named right after the link pool dropped old links', () => {
  // 3,000 first-time links over 100 days (the pool drops those older than the 30-day window as
  // it fills), then a loop whose hops are the last links added.
  const txs: Transaction[] = [];
  for (let i = 0; i < 3000; i++) txs.push(tx(`f${i}`, `X${i}`, `Y${i}`, T0 + Math.floor((i * 100 * DAY) / 3000)));
  const end = T0 + 101 * DAY;
  txs.push(tx('h1', 'LA', 'LB', end), tx('h2', 'LB', 'LC', end + 1), tx('h3', 'LC', 'LA', end + 2));
  const { cycles, hops, x } = run(txs);
  assert.deepEqual(cycles.at(-1), ['LA', 'LB', 'LC']);
  assert.deepEqual(hops.at(-1), ['h1', 'h2']);
  const family = (x as unknown as { loops: { linkCount: number } }).loops;
  assert.ok(family.linkCount < 3000, `old links dropped (${family.linkCount} held)`);
});
