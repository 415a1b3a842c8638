import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { firstOfEachId } from '../../src/domain/transaction.js';
import { SearchFeed, transactionRows } from '../../src/features/split/search-feed.js';
import { Interner } from '../../src/graph/interner.js';
import { DAY, HOUR, prng, T0, tx } from './helpers.js';

/** A random stream over a few dozen accounts (some names with line feeds and non-ASCII), times on a coarse grid so many are equal. */
function stream(seed: number, n: number): Transaction[] {
  const rnd = prng(seed);
  const names = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? `账户\n${i}` : `N${i}`));
  const times = Array.from({ length: n }, () => T0 + Math.floor(rnd() * 90) * 8 * HOUR).sort((a, b) => a - b);
  return times.map((t, i) => {
    const a = Math.floor(rnd() * (i % 3 === 0 ? 5 : names.length));
    const b = Math.floor(rnd() * names.length);
    const currency = rnd() < 0.2 ? 'USD' : 'CNY';
    return tx(names[a], names[b], t, 1 + Math.floor(rnd() * 40) * 250, { currency });
  });
}

/** Every vector of the stream, from one extractor or from one that takes its search features from a worker. */
async function vectors(txs: Transaction[], config: FeatureConfig, split: boolean, chunk = 97): Promise<Float64Array[]> {
  const feed = split ? new SearchFeed(config, { chunk, ahead: 3 }) : undefined;
  try {
    feed?.begin(transactionRows(txs));
    const ex = new FeatureExtractor(config, { precomputed: feed });
    const out: Float64Array[] = [];
    for (let i = 0; i < txs.length; i += 50) {
      await feed?.ready(i + 50);
      for (const t of txs.slice(i, i + 50)) {
        const v = ex.newVector();
        ex.apply(t, v);
        out.push(v);
      }
    }
    return out;
  } finally {
    await feed?.close();
  }
}

for (const seed of [3, 4]) {
  test(`search features from the worker thread equal the ones computed in place (seed ${seed})`, async () => {
    // Small caps, so that searches are cut short and super-nodes skipped on both sides too.
    const config: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, patternMaxDegree: 12, patternMaxVisits: 200, cycleMaxVisits: 150 };
    const txs = stream(seed, 1200);
    const [one, two] = [await vectors(txs, config, false), await vectors(txs, config, true)];
    const ex = new FeatureExtractor(config);
    const slots = new Set(ex.searchSlots());
    assert.ok(slots.size >= 5 + 8 + 20, 'scatter-gather, cycles, layering and the amount profile');
    let searched = 0;
    for (let i = 0; i < txs.length; i++) {
      for (let k = 0; k < ex.names.length; k++) {
        if (!Object.is(one[i][k], two[i][k])) assert.fail(`row ${i}: ${ex.names[k]} is ${one[i][k]} in place, ${two[i][k]} from the worker`);
        if (slots.has(k) && one[i][k] > 0) searched++;
      }
    }
    assert.ok(searched > txs.length, `the search features are not all zero (${searched} positive values)`);
    assert.ok(one.some((v) => v[ex.names.indexOf('search_truncated')] > 0), 'some searches were cut short');
  });
}

test('the worker\'s values are taken in the order sent: a transaction out of step is refused, not given another\'s features', async () => {
  const txs = stream(5, 300);
  const feed = new SearchFeed(DEFAULT_FEATURE_CONFIG, { chunk: 64 });
  try {
    feed.begin(transactionRows(txs));
    const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { precomputed: feed });
    const v = ex.newVector();
    // Two callers waiting at once are both answered.
    await Promise.all([feed.ready(100), feed.ready(250)]);
    ex.apply(txs[0], v);
    assert.throws(() => ex.apply({ ...txs[2], time: txs[2].time + DAY }, v), /out of step at row 1/);
  } finally {
    await feed.close();
  }
});

test('features asked for before the worker sent them, and a worker that fails, are errors (no hang)', async () => {
  const txs = stream(6, 200);
  const early = new SearchFeed(DEFAULT_FEATURE_CONFIG);
  try {
    early.begin(transactionRows(txs));
    const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { precomputed: early });
    assert.throws(() => ex.apply(txs[0], ex.newVector()), /taken before they were ready/);
  } finally {
    await early.close();
  }
  // A configuration the worker's extractor refuses: the failure reaches ready().
  const broken = new SearchFeed({ ...DEFAULT_FEATURE_CONFIG, windowsMs: [] });
  try {
    broken.begin(transactionRows(txs));
    await assert.rejects(broken.ready(txs.length), /search worker|windows/);
  } finally {
    await broken.close();
  }
  await assert.rejects(new SearchFeed(DEFAULT_FEATURE_CONFIG).ready(1).catch((e) => Promise.reject(e)), /before begin/);
});

test('first of each id: a repeated id is found and left out, the first kept', () => {
  const txs = stream(7, 20);
  const all = Array.from(txs.keys());
  assert.deepEqual(firstOfEachId(all, (i) => txs[i]), all);
  const repeated = [...txs.slice(0, 5), { ...txs[3] }, ...txs.slice(5)];
  assert.deepEqual(firstOfEachId(repeated.keys(), (i) => repeated[i]), [0, 1, 2, 3, 4, ...all.slice(5).map((i) => i + 1)]);
  // A count stands for the first positions: the repeat at 5 is left out of the first 7.
  assert.deepEqual(firstOfEachId(7, (i) => repeated[i]), [0, 1, 2, 3, 4, 6]);
});

test('an extractor given an interner that already holds every account, and ids with each transfer, computes the same features', () => {
  const txs = stream(8, 900);
  // Ids in order of first appearance in reverse: nothing like the order apply would give them.
  const accounts = new Interner();
  for (const t of [...txs].reverse()) {
    accounts.intern(t.to);
    accounts.intern(t.from);
  }
  const listed = txs[40].to;
  const plain = new FeatureExtractor(DEFAULT_FEATURE_CONFIG);
  const dense = new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { accounts });
  plain.listed.addAccount(listed);
  dense.listed.addAccount(listed);
  const a = plain.newVector();
  const b = dense.newVector();
  // An account known by name before its first transfer has no state yet, as with interned names.
  const seen = new Set<string>();
  txs.forEach((t, i) => {
    for (const name of [t.from, t.to]) {
      if (!seen.has(name)) assert.equal(dense.accountState(name), undefined, `${name} before its first transfer`);
      seen.add(name);
    }
    plain.apply(t, a);
    dense.applyDense(t, accounts.lookup(t.from), accounts.lookup(t.to), b);
    for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) assert.fail(`row ${i}: ${plain.names[k]} is ${a[k]} with interned names, ${b[k]} with given ids`);
  });
  assert.deepEqual(dense.accountState(txs[5].from), plain.accountState(txs[5].from));
});
