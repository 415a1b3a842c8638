import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG, checkFeatureConfig, type FeatureConfig } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { featureNames } from '../../src/features/catalog.js';
import { HOUR, MIN, prng, T0, tx } from './helpers.js';

function stream(seed: number, n: number): Transaction[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const a = Math.floor(30 * rnd() ** 2);
    const b = Math.floor(30 * rnd() ** 2);
    return tx(`K${a}`, `K${b}`, T0 + i * 7 * MIN, Math.floor(rnd() * 50_000), rnd() < 0.5 ? { device: `d${Math.floor(rnd() * 10)}` } : {});
  });
}

/** Replays the stream, applying list changes after the given numbers of transactions. */
function replay(txs: Transaction[], config: FeatureConfig): Float64Array[] {
  const ex = new FeatureExtractor(config);
  const out: Float64Array[] = [];
  txs.forEach((t, i) => {
    if (i === 100) ex.listed.addAccount('K3');
    if (i === 200) ex.listed.addIdentifier('device', 'd4');
    if (i === 300) ex.listed.removeAccount('K3');
    const v = ex.newVector();
    ex.apply(t, v);
    out.push(v);
  });
  return out;
}

test('replay determinism: the same transactions and list changes give the same features', () => {
  const txs = stream(11, 600);
  for (const config of [DEFAULT_FEATURE_CONFIG, { ...DEFAULT_FEATURE_CONFIG, patternMaxDegree: 5, patternMaxVisits: 20 }]) {
    const a = replay(txs, config);
    const b = replay(txs, config);
    assert.deepEqual(a, b);
    const at = (name: string): number => featureNames(config).indexOf(name);
    assert.ok(a.some((v) => v[at('cycle_len')] > 0), 'the stream closes cycles');
    assert.ok(a.some((v) => v[at('from_listed_hops')] === 1), 'and comes near the listed account');
  }
  const capped = replay(txs, { ...DEFAULT_FEATURE_CONFIG, patternMaxDegree: 5, patternMaxVisits: 20 });
  const at = featureNames(DEFAULT_FEATURE_CONFIG).indexOf('search_truncated');
  assert.ok(capped.some((v) => v[at] > 0), 'tight caps cut searches, and say so');
});

test('pattern settings are validated, naming the bad one', () => {
  const bad: Array<[Partial<FeatureConfig>, RegExp]> = [
    [{ maxCycleLength: 1 }, /maxCycleLength/],
    [{ maxCycleLength: 13 }, /maxCycleLength/],
    [{ maxCycleLength: 4.5 }, /maxCycleLength/],
    [{ listedMaxHops: 0 }, /listedMaxHops/],
    [{ cycleWindowMs: 0 }, /cycleWindowMs/],
    [{ patternWindowMs: -HOUR }, /patternWindowMs/],
    [{ passThroughWindowMs: Number.NaN }, /passThroughWindowMs/],
    [{ listedWindowMs: Infinity }, /listedWindowMs/],
    [{ patternMaxDegree: 0 }, /patternMaxDegree/],
    [{ patternMaxVisits: 1.5 }, /patternMaxVisits/],
  ];
  for (const [change, message] of bad) assert.throws(() => checkFeatureConfig({ ...DEFAULT_FEATURE_CONFIG, ...change }), message);
  assert.doesNotThrow(() => checkFeatureConfig(DEFAULT_FEATURE_CONFIG));
});

test('pattern windows outside the feature windows get their own aggregates; names follow the pattern window', () => {
  const config = { ...DEFAULT_FEATURE_CONFIG, windowsMs: [HOUR], patternWindowMs: 6 * HOUR, cycleWindowMs: 2 * HOUR, listedWindowMs: 3 * HOUR };
  const names = featureNames(config);
  assert.ok(names.includes('from_out_max_6h'));
  assert.ok(!names.includes('from_out_count_6h'), 'only the configured windows have windowed counts');
  const ex = new FeatureExtractor(config);
  const v = ex.newVector();
  ex.apply(tx('A', 'B', T0, 10), v);
  ex.apply(tx('B', 'A', T0 + HOUR + 30 * MIN, 10), v);
  assert.equal(v[names.indexOf('cycle_len')], 2);
  assert.equal(v[names.indexOf('from_out_count_1h')], 1);
  assert.equal(v[names.indexOf('from_in_max_6h')], 10);
  assert.equal(new Set(names).size, names.length);
});
