import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readModelFile, writeModelFile } from '../../src/ml/model-file.js';
import { assertFeatures, FeatureMismatchError, ModelFormatError, modelToJson, parseModel, serializeModel } from '../../src/ml/model-json.js';
import { predictBatch } from '../../src/ml/predict.js';
import { trainGbdt } from '../../src/ml/train.js';
import type { Dataset } from '../../src/ml/types.js';
import { noisyData } from './helpers.js';

function trained() {
  const data = noisyData(1500, 21);
  const valid = noisyData(500, 22);
  return { data, model: trainGbdt(data, { nTrees: 15, maxDepth: 4, valid, earlyStoppingRounds: 50 }) };
}

test('a model survives a JSON round trip exactly', () => {
  const { data, model } = trained();
  const text = serializeModel(model);
  const back = parseModel(text);
  assert.equal(serializeModel(back), text);
  assert.deepEqual(back.featureNames, model.featureNames);
  assert.deepEqual(back.params, model.params);
  assert.deepEqual(back.metrics, JSON.parse(JSON.stringify(model.metrics)));
  assert.deepEqual(predictBatch(back, data.X), predictBatch(model, data.X));
  const json = JSON.parse(text);
  assert.equal(json.format, 'ringwatch-gbdt');
  assert.equal(json.version, 1);
  assert.equal(json.trees.length, model.forest.nTrees);
  assert.ok(typeof json.trainedAt === 'string' && typeof json.baseScore === 'number');
});

test('an infinite threshold is stored as null and read back', () => {
  const d: Dataset = { rows: 5, features: 1, X: Float64Array.from([1, 2, 3, NaN, NaN]), y: Uint8Array.from([0, 0, 0, 1, 1]), featureNames: ['x'] };
  const m = trainGbdt(d, { nTrees: 1, maxDepth: 1, minChildWeight: 0, scalePosWeight: 1 });
  const json = modelToJson(m);
  assert.equal(json.trees[0].threshold[0], null);
  const back = parseModel(serializeModel(m));
  assert.equal(back.forest.threshold[0], Infinity);
  assert.deepEqual(predictBatch(back, d.X), predictBatch(m, d.X));
});

test('validation names the field and the problem', () => {
  const { model } = trained();
  const good = () => JSON.parse(serializeModel(model));
  const bad = (edit: (j: any) => void, pattern: RegExp) => {
    const j = good();
    edit(j);
    assert.throws(() => parseModel(j), (e: unknown) => e instanceof ModelFormatError && pattern.test(e.message), String(pattern));
  };
  assert.throws(() => parseModel('{not json'), /invalid model file: \(file\): not JSON/);
  assert.throws(() => parseModel('[]'), /\(root\): must be a JSON object/);
  bad((j) => (j.format = 'xgboost'), /format: must be "ringwatch-gbdt", got "xgboost"/);
  bad((j) => (j.version = 2), /version: unsupported version 2; this build reads version 1/);
  bad((j) => delete j.featureNames, /featureNames: must be a non-empty array/);
  bad((j) => (j.featureNames[1] = j.featureNames[0]), /featureNames\[1\]: duplicate name "f0"/);
  bad((j) => (j.baseScore = 'x'), /baseScore: must be a finite number/);
  bad((j) => (j.trees = {}), /trees: must be an array/);
  bad((j) => (j.trees[2].left[0] = 999), /trees\[2\]\.left\[0\]: child index 999 must lie in 1…/);
  bad((j) => (j.trees[0].feature[0] = 10), /trees\[0\]\.feature\[0\]: must be -1 \(leaf\) or a feature index in 0…9, got 10/);
  bad((j) => j.trees[1].value.pop(), /trees\[1\]\.value: has \d+ entries, expected \d+ \(one per node\)/);
  bad((j) => (j.trees[0].cover[0] = 0), /trees\[0\]\.cover\[0\]: must be a positive number, got 0/);
  bad((j) => (j.trees[0].defaultLeft[0] = 2), /trees\[0\]\.defaultLeft\[0\]: must be 0 or 1, got 2/);
  bad((j) => (j.trees[0].threshold[0] = 'high'), /trees\[0\]\.threshold\[0\]: must be a number, got "high"/);
  bad((j) => (j.trees[0].threshold[0] = NaN), /trees\[0\]\.threshold\[0\]: must not be NaN/);
  bad((j) => (j.trees[0].right[0] = j.trees[0].left[0]), /trees\[0\]\.right\[0\]: same child as left/);
  bad((j) => {
    // two parents for one node: point the root's right child at the left child's left child
    const t = j.trees[0];
    t.right[0] = t.left[t.left[0]] === -1 ? t.right[0] : t.left[t.left[0]];
  }, /trees\[0\]: node \d+ has [02] parents; expected exactly one/);
  bad((j) => (j.params.learningRate = -1), /params: option learningRate must be in \(0, 10\]/);
  bad((j) => (j.trainedAt = 5), /trainedAt: must be a string/);
  bad((j) => (j.metrics = null), /metrics: must be an object/);
});

test('assertFeatures maps model features to engine positions and names the missing ones', () => {
  const { model } = trained();
  const engine = ['extra', ...model.featureNames.slice().reverse()];
  const map = assertFeatures(model, engine);
  model.featureNames.forEach((n, i) => assert.equal(engine[map[i]], n));
  assert.throws(
    () => assertFeatures(model, engine.filter((n) => n !== 'f3' && n !== 'f7')),
    (e: unknown) => e instanceof FeatureMismatchError && e.missing.join() === 'f3,f7' && /does not provide: f3, f7/.test(e.message),
  );
});

test('model files are written atomically and read back', async () => {
  const { model } = trained();
  const dir = await mkdtemp(join(tmpdir(), 'ringwatch-ml-'));
  try {
    const path = join(dir, 'model.json');
    await writeModelFile(path, model);
    assert.equal(await readFile(path, 'utf8'), serializeModel(model));
    const back = await readModelFile(path);
    assert.equal(serializeModel(back), serializeModel(model));
    await assert.rejects(readModelFile(join(dir, 'missing.json')), /ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
