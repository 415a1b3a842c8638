import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forestFromTrees } from '../../src/ml/forest.js';
import { createRng } from '../../src/ml/prng.js';
import { forestMargin, plainMargin, predictBatch, predictMargin, predictMarginBatch, predictProba, sigmoid } from '../../src/ml/predict.js';
import { trainGbdt } from '../../src/ml/train.js';
import { noisyData } from './helpers.js';

test('the packed branch-free path agrees with node-by-node traversal, NaN and ±Infinity included', () => {
  const data = noisyData(3000, 11);
  const m = trainGbdt(data, { nTrees: 60, maxDepth: 6, learningRate: 0.2 });
  const rng = createRng(5);
  const f = m.forest;
  const d = data.features;
  const x = new Float64Array(d);
  for (let k = 0; k < 3000; k++) {
    for (let j = 0; j < d; j++) {
      const u = rng();
      // thresholds themselves, NaN, infinities, signed zeros and ordinary values
      x[j] = u < 0.2 ? f.threshold[Math.floor(rng() * f.nNodes)] : u < 0.3 ? NaN : u < 0.33 ? Infinity : u < 0.36 ? -Infinity : u < 0.4 ? -0 : data.X[Math.floor(rng() * data.X.length)];
    }
    const fast = predictMargin(m, x);
    const plain = plainMargin(f, m.baseScore, x);
    assert.ok(Math.abs(fast - plain) < 1e-9, `row ${k}: ${fast} vs ${plain}`);
  }
});

test('hand-made forest: thresholds of ±Infinity, -0 and default directions', () => {
  const trees = [
    // x0 <= +Infinity (all values left, NaN right)
    { feature: [0, -1, -1], threshold: [Infinity, 0, 0], left: [1, -1, -1], right: [2, -1, -1], defaultLeft: [0, 0, 0], value: [0, 1, 2], cover: [3, 2, 1], gain: [1, 0, 0] },
    // x1 <= -0, NaN left
    { feature: [1, -1, -1], threshold: [-0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], defaultLeft: [1, 0, 0], value: [0, 10, 20], cover: [3, 2, 1], gain: [1, 0, 0] },
  ];
  const f = forestFromTrees(trees);
  const cases: [number[], number][] = [
    [[0, 0], 11],
    [[Infinity, -0], 11],
    [[NaN, 1e-300], 22],
    [[-Infinity, NaN], 11],
    [[1e308, -1e-300], 11],
    [[5, Infinity], 21],
  ];
  for (const [x, want] of cases) {
    assert.equal(forestMargin(f, 0, x), want, `x = ${x}`);
    assert.equal(plainMargin(f, 0, x), want, `plain x = ${x}`);
  }
});

test('batch helpers match single-row calls and honour offsets', () => {
  const data = noisyData(500, 12);
  const m = trainGbdt(data, { nTrees: 20, maxDepth: 3 });
  const d = data.features;
  const p = predictBatch(m, data.X);
  const z = predictMarginBatch(m, data.X, 10);
  assert.equal(p.length, 500);
  assert.equal(z.length, 10);
  for (let r = 0; r < 500; r++) {
    assert.equal(p[r], predictProba(m, data.X, r * d));
    if (r < 10) assert.equal(sigmoid(z[r]), p[r]);
  }
  assert.equal(predictProba(m, data.X.slice(3 * d, 4 * d)), p[3]);
  assert.throws(() => predictProba(m, data.X, data.X.length - 2), /needs 10 features/);
  assert.throws(() => predictBatch(m, data.X, 501), /fewer than 501 rows/);
});
