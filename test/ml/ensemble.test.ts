import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averageModels } from '../../src/ml/ensemble.js';
import { shapValues } from '../../src/ml/explain.js';
import { parseModel, serializeModel } from '../../src/ml/model-json.js';
import { predictMargin } from '../../src/ml/predict.js';
import { trainGbdt } from '../../src/ml/train.js';
import { noisyData } from './helpers.js';

const data = noisyData(1500, 7);
const a = trainGbdt(data, { nTrees: 20, maxDepth: 3, seed: 1 });
const b = trainGbdt(data, { nTrees: 35, maxDepth: 5, seed: 2, learningRate: 0.05, scalePosWeight: 3 });
const c = trainGbdt(data, { nTrees: 8, maxDepth: 2, seed: 3, subsample: 0.7 });

test('the average of boosted models predicts the mean of their margins, row by row', () => {
  const avg = averageModels([a, b, c]);
  assert.equal(avg.forest.nTrees, a.forest.nTrees + b.forest.nTrees + c.forest.nTrees);
  const d = data.features;
  for (let r = 0; r < 300; r++) {
    const mean = (predictMargin(a, data.X, r * d) + predictMargin(b, data.X, r * d) + predictMargin(c, data.X, r * d)) / 3;
    assert.ok(Math.abs(predictMargin(avg, data.X, r * d) - mean) < 1e-9, `row ${r}`);
  }
  // Hand-checked on one row: the three margins and their mean.
  const m = [a, b, c].map((x) => predictMargin(x, data.X, 0));
  assert.ok(Math.abs(predictMargin(avg, data.X, 0) - (m[0] + m[1] + m[2]) / 3) < 1e-12);
});

test('an average of one model is that model; of two copies, the same predictions', () => {
  const one = averageModels([a]);
  const two = averageModels([a, a]);
  for (let r = 0; r < 50; r++) {
    const want = predictMargin(a, data.X, r * data.features);
    assert.ok(Math.abs(predictMargin(one, data.X, r * data.features) - want) < 1e-12);
    assert.ok(Math.abs(predictMargin(two, data.X, r * data.features) - want) < 1e-12);
  }
});

test('TreeSHAP of the average is the mean of the members\' SHAP values and adds up to its margin', () => {
  const avg = averageModels([a, b]);
  for (const r of [0, 11, 123]) {
    const o = r * data.features;
    const sa = shapValues(a, data.X, o);
    const sb = shapValues(b, data.X, o);
    const s = shapValues(avg, data.X, o);
    for (let f = 0; f < data.features; f++) assert.ok(Math.abs(s.values[f] - (sa.values[f] + sb.values[f]) / 2) < 1e-9, `row ${r} feature ${f}`);
    const total = s.bias + s.values.reduce((x, v) => x + v, 0);
    assert.ok(Math.abs(total - predictMargin(avg, data.X, o)) < 1e-9);
  }
});

test('an average survives the model file unchanged', () => {
  const avg = averageModels([a, b, c]);
  const back = parseModel(serializeModel(avg));
  for (let r = 0; r < 100; r++) assert.equal(predictMargin(back, data.X, r * data.features), predictMargin(avg, data.X, r * data.features));
});

test('models reading different features are refused', () => {
  const other = { ...c, featureNames: c.featureNames.map((n, i) => (i === 0 ? 'other' : n)) };
  assert.throws(() => averageModels([a, other]), /different features/);
  assert.throws(() => averageModels([]), /at least one/);
});
