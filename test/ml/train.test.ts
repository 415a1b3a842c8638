import assert from 'node:assert/strict';
import { test } from 'node:test';
import { featureImportance } from '../../src/ml/importance.js';
import * as ml from '../../src/ml/index.js';
import { averagePrecision, rocAuc } from '../../src/ml/metrics.js';
import { predictBatch, predictMargin, predictProba } from '../../src/ml/predict.js';
import { trainGbdt } from '../../src/ml/train.js';
import type { Dataset } from '../../src/ml/types.js';
import { names, noisyData, xorData } from './helpers.js';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

// feature 0 is constant, feature 1 is x = 1…5, labels 0 0 1 1 1
const stumpData: Dataset = {
  rows: 5,
  features: 2,
  X: Float64Array.from([7, 1, 7, 2, 7, 3, 7, 4, 7, 5]),
  y: Uint8Array.from([0, 0, 1, 1, 1]),
  featureNames: ['const', 'x'],
};
const stumpOptions = { nTrees: 1, maxDepth: 1, learningRate: 1, lambda: 1, minChildWeight: 0, scalePosWeight: 1, baseScore: 0 };

test('a depth-1 stump takes the split of highest gain ½(G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ))', () => {
  // at margin 0: p = 0.5, g = p − y = ±0.5, h = 0.25. Cuts after k rows:
  // k=1: ½(.25/1.25 + 1/2 − .25/2.25) = .2944   k=2: ½(1/1.5 + 2.25/1.75 − .25/2.25) = .9206
  // k=3: ½(.25/1.75 + 1/1.5 − .25/2.25) = .3492  k=4: ½(0 + .25/1.25 − .25/2.25) = .0444
  const m = trainGbdt(stumpData, stumpOptions);
  const f = m.forest;
  assert.equal(f.nTrees, 1);
  assert.equal(f.nNodes, 3);
  assert.equal(f.feature[0], 1);
  assert.equal(f.threshold[0], 2.5);
  close(f.gain[0], 0.5 * (1 / 1.5 + 2.25 / 1.75 - 0.25 / 2.25));
  assert.deepEqual(Array.from(f.cover), [5, 2, 3]);
  // leaves: −G/(H+λ) × learning rate
  close(f.value[f.left[0]], -1 / 1.5);
  close(f.value[f.right[0]], 1.5 / 1.75);
  close(predictMargin(m, [7, 2]), -1 / 1.5);
  close(predictMargin(m, [7, 2.6]), 1.5 / 1.75);
  // the learning rate scales the leaves
  const half = trainGbdt(stumpData, { ...stumpOptions, learningRate: 0.5 });
  close(half.forest.value[half.forest.right[0]], 0.5 * (1.5 / 1.75));
});

test('feature importance credits only the split feature', () => {
  const m = trainGbdt(stumpData, stumpOptions);
  const gain = featureImportance(m);
  assert.equal(gain.length, 1);
  assert.equal(gain[0].feature, 'x');
  close(gain[0].importance, m.forest.gain[0]);
  assert.deepEqual(featureImportance(m, 'split'), [{ feature: 'x', importance: 1 }]);
  assert.deepEqual(featureImportance(m, 'cover'), [{ feature: 'x', importance: 5 }]);
});

test('infinite feature values are ordinary extremes', () => {
  const d: Dataset = { rows: 6, features: 1, X: Float64Array.from([-Infinity, 1, 2, 3, Infinity, Infinity]), y: Uint8Array.from([0, 0, 0, 0, 1, 1]), featureNames: ['x'] };
  const m = trainGbdt(d, stumpOptions);
  assert.equal(m.forest.threshold[0], 3);
  assert.ok(predictMargin(m, [Infinity]) > 0);
  assert.ok(predictMargin(m, [3]) < 0);
  assert.ok(predictMargin(m, [-Infinity]) < 0);
});

test('the index re-exports the public API', () => {
  for (const name of ['trainGbdt', 'predictProba', 'predictBatch', 'explain', 'shapValues', 'serializeModel', 'parseModel', 'assertFeatures', 'averagePrecision', 'bestF1Threshold', 'rocAuc', 'logLoss', 'precisionRecallF1', 'featureImportance', 'binDataset']) {
    assert.equal(typeof (ml as Record<string, unknown>)[name], 'function', name);
  }
});

test('minChildWeight, minSamplesLeaf and minSplitGain block splits', () => {
  // H = 1.25 in all; the best cut (k=2) has H_L = 0.5, H_R = 0.75
  assert.equal(trainGbdt(stumpData, { ...stumpOptions, minChildWeight: 0.5 }).forest.threshold[0], 2.5);
  assert.equal(trainGbdt(stumpData, { ...stumpOptions, minChildWeight: 0.6 }).forest.nNodes, 1);
  assert.equal(trainGbdt(stumpData, { ...stumpOptions, minSamplesLeaf: 2 }).forest.threshold[0], 2.5);
  assert.equal(trainGbdt(stumpData, { ...stumpOptions, minSamplesLeaf: 3 }).forest.nNodes, 1);
  assert.equal(trainGbdt(stumpData, { ...stumpOptions, minSplitGain: 0.92 }).forest.threshold[0], 2.5);
  assert.equal(trainGbdt(stumpData, { ...stumpOptions, minSplitGain: 0.93 }).forest.nNodes, 1);
});

test('NaN rows get their own direction, including a values-vs-NaN split', () => {
  const d: Dataset = { rows: 5, features: 1, X: Float64Array.from([1, 2, 3, NaN, NaN]), y: Uint8Array.from([0, 0, 0, 1, 1]), featureNames: ['x'] };
  const m = trainGbdt(d, stumpOptions);
  assert.equal(m.forest.threshold[0], Infinity);
  assert.equal(m.forest.defaultLeft[0], 0);
  assert.ok(predictMargin(m, [NaN]) > 0);
  assert.ok(predictMargin(m, [2]) < 0);
  assert.ok(predictMargin(m, [1e300]) < 0);
  // NaN with the positives among small values: NaN goes left with them
  const d2: Dataset = { rows: 6, features: 1, X: Float64Array.from([1, 2, 3, 4, NaN, NaN]), y: Uint8Array.from([1, 1, 0, 0, 1, 1]), featureNames: ['x'] };
  const m2 = trainGbdt(d2, stumpOptions);
  assert.equal(m2.forest.threshold[0], 2.5);
  assert.equal(m2.forest.defaultLeft[0], 1);
  assert.ok(predictMargin(m2, [NaN]) > 0);
});

test('learns XOR with depth 2 but not with stumps', () => {
  const train = xorData(2000, 1);
  const test_ = xorData(1000, 2);
  const deep = trainGbdt(train, { nTrees: 50, maxDepth: 3, learningRate: 0.3 });
  assert.ok(rocAuc(predictBatch(deep, test_.X), test_.y) > 0.99);
  const stumps = trainGbdt(train, { nTrees: 50, maxDepth: 1, learningRate: 0.3 });
  assert.ok(rocAuc(predictBatch(stumps, test_.X), test_.y) < 0.65);
});

test('learns a noisy nonlinear problem close to the best achievable AUC', () => {
  const train = noisyData(8000, 3);
  const hold = noisyData(4000, 4);
  const m = trainGbdt(train, { nTrees: 150, maxDepth: 4, learningRate: 0.1, scalePosWeight: 1 });
  const p = predictBatch(m, hold.X);
  const auc = rocAuc(p, hold.y);
  const best = rocAuc(hold.truth, hold.y);
  assert.ok(auc > best - 0.03, `auc ${auc} vs best ${best}`);
  assert.ok(averagePrecision(p, hold.y) > averagePrecision(hold.truth, hold.y) - 0.05);
  assert.ok(m.metrics.trainLogLoss < 0.6);
});

test('early stopping stops after the patience and keeps the best iteration', () => {
  const train = noisyData(3000, 5);
  const valid = noisyData(2000, 6);
  for (const metric of ['logloss', 'pr-auc'] as const) {
    const seen: number[] = [];
    const m = trainGbdt(train, {
      nTrees: 1000,
      maxDepth: 6,
      learningRate: 0.5,
      minChildWeight: 0,
      scalePosWeight: 1,
      valid,
      earlyStoppingRounds: 8,
      earlyStoppingMetric: metric,
      onIteration: (_i, v) => seen.push(v),
    });
    const h = m.metrics.validHistory ?? [];
    const best = m.metrics.bestIteration;
    assert.ok(h.length < 1000, `${metric}: did not stop`);
    assert.equal(h.length, best + 1 + 8, `${metric}: stopped ${h.length - best - 1} rounds after the best`);
    assert.deepEqual(seen, h);
    assert.equal(m.forest.nTrees, best + 1);
    assert.equal(m.metrics.trees, best + 1);
    const bestValue = metric === 'logloss' ? Math.min(...h) : Math.max(...h);
    assert.equal(h[best], bestValue);
    const reported = metric === 'logloss' ? m.metrics.validLogLoss : m.metrics.validPrAuc;
    close(reported ?? NaN, bestValue, 1e-9);
    // the kept model reproduces the reported validation metric
    const pv = predictBatch(m, valid.X);
    if (metric === 'pr-auc') close(averagePrecision(pv, valid.y), bestValue, 1e-9);
  }
});

test('scalePosWeight raises the predicted probability of positives', () => {
  const train = noisyData(4000, 7, -3);
  const hold = noisyData(2000, 8, -3);
  const plain = predictBatch(trainGbdt(train, { nTrees: 40, maxDepth: 4, scalePosWeight: 1 }), hold.X);
  const weighted = predictBatch(trainGbdt(train, { nTrees: 40, maxDepth: 4, scalePosWeight: 10 }), hold.X);
  const auto = trainGbdt(train, { nTrees: 1, maxDepth: 1 });
  let pos = 0;
  for (const v of train.y) pos += v;
  close(auto.params.scalePosWeight, (train.rows - pos) / pos);
  assert.ok(auto.params.scalePosWeight > 2);
  assert.equal(trainGbdt(train, { nTrees: 1, maxDepth: 1, maxScalePosWeight: 2 }).params.scalePosWeight, 2);
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(mean(weighted) > 2 * mean(plain), `${mean(weighted)} vs ${mean(plain)}`);
  let higher = 0;
  for (let i = 0; i < hold.rows; i++) if (weighted[i] > plain[i]) higher++;
  assert.ok(higher > 0.9 * hold.rows);
});

test('training is deterministic for a seed, with row and column sampling', () => {
  const train = noisyData(3000, 9);
  const opts = { nTrees: 20, maxDepth: 4, subsample: 0.7, colsampleByTree: 0.5, seed: 42 };
  const a = trainGbdt(train, opts);
  const b = trainGbdt(train, opts);
  assert.deepEqual(a.forest, b.forest);
  assert.equal(a.baseScore, b.baseScore);
  const c = trainGbdt(train, { ...opts, seed: 43 });
  assert.notDeepEqual(a.forest.threshold, c.forest.threshold);
  // subsampled rows still update the margins of every row: the training log-loss falls
  assert.ok(a.metrics.trainLogLoss < trainGbdt(train, { ...opts, nTrees: 2 }).metrics.trainLogLoss);
});

test('column sampling only splits on sampled features', () => {
  const train = noisyData(2000, 10);
  const m = trainGbdt(train, { nTrees: 10, maxDepth: 3, colsampleByTree: 0.2, seed: 1 });
  for (let t = 0; t < m.forest.nTrees; t++) {
    const end = t + 1 < m.forest.nTrees ? m.forest.roots[t + 1] : m.forest.nNodes;
    const used = new Set<number>();
    for (let n = m.forest.roots[t]; n < end; n++) if (m.forest.feature[n] >= 0) used.add(m.forest.feature[n]);
    assert.ok(used.size <= 2, `tree ${t} used ${used.size} features`);
  }
});

test('input and option errors are named', () => {
  const d = xorData(10, 1);
  assert.throws(() => trainGbdt({ ...d, y: new Uint8Array(9) }), /data\.y has 9 labels, expected 10/);
  assert.throws(() => trainGbdt({ ...d, y: new Uint8Array(10).fill(2) }), /data\.y\[0\] is 2/);
  assert.throws(() => trainGbdt({ ...d, featureNames: names(3) }), /featureNames must list 4 names/);
  assert.throws(() => trainGbdt({ ...d, featureNames: ['a', 'b', 'a', 'c'] }), /data\.featureNames\[2\] repeats "a"/);
  assert.throws(() => trainGbdt(d, { learningRate: 0 }), /option learningRate must be in \(0, 10\]/);
  assert.throws(() => trainGbdt(d, { maxDepth: 2.5 }), /option maxDepth/);
  assert.throws(() => trainGbdt(d, { valid: xorData(5, 2, 1) }), /valid has 3 features, data has 4/);
  // single-class data trains without blowing up
  const allNeg = { ...d, y: new Uint8Array(10) };
  assert.ok(predictProba(trainGbdt(allNeg, { nTrees: 3 }), d.X) < 0.01);
});
