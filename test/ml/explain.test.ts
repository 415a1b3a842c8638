import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain, forestShap, shapValues } from '../../src/ml/explain.js';
import { forestFromTrees } from '../../src/ml/forest.js';
import { parseModel } from '../../src/ml/model-json.js';
import { createRng } from '../../src/ml/prng.js';
import { predictMargin } from '../../src/ml/predict.js';
import { trainGbdt } from '../../src/ml/train.js';
import type { Forest, GbdtModel } from '../../src/ml/types.js';
import { noisyData } from './helpers.js';

/** v(S): the tree's expected output when features in S are known and the others follow cover. */
function conditional(f: Forest, node: number, x: ArrayLike<number>, known: number): number {
  const j = f.feature[node];
  if (j < 0) return f.value[node];
  if (known & (1 << j)) {
    const v = x[j];
    const left = v <= f.threshold[node] || (v !== v && f.defaultLeft[node] === 1);
    return conditional(f, left ? f.left[node] : f.right[node], x, known);
  }
  const l = f.left[node];
  const r = f.right[node];
  return (f.cover[l] * conditional(f, l, x, known) + f.cover[r] * conditional(f, r, x, known)) / f.cover[node];
}

/** Exact Shapley values of v over all coalitions (exponential; tiny feature counts only). */
function bruteShapley(f: Forest, x: ArrayLike<number>, d: number): number[] {
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const v = (S: number) => {
    let s = 0;
    for (let t = 0; t < f.nTrees; t++) s += conditional(f, f.roots[t], x, S);
    return s;
  };
  const phi = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) {
    for (let S = 0; S < 1 << d; S++) {
      if (S & (1 << i)) continue;
      let size = 0;
      for (let k = 0; k < d; k++) if (S & (1 << k)) size++;
      const w = (fact(size) * fact(d - size - 1)) / fact(d);
      phi[i] += w * (v(S | (1 << i)) - v(S));
    }
  }
  return phi;
}

function assertMatchesBrute(m: GbdtModel, x: ArrayLike<number>, label: string): void {
  const d = m.featureNames.length;
  assert.ok(m.forest.shap !== null, 'tables are built for small forests');
  const { bias, values } = shapValues(m, x);
  const recursive = new Float64Array(d);
  forestShap(m.forest, x, 0, recursive);
  const brute = bruteShapley(m.forest, x, d);
  for (let i = 0; i < d; i++) {
    assert.ok(Math.abs(values[i] - brute[i]) < 1e-9, `${label} feature ${i}: tables ${values[i]} vs brute ${brute[i]}`);
    assert.ok(Math.abs(recursive[i] - brute[i]) < 1e-9, `${label} feature ${i}: recursive ${recursive[i]} vs brute ${brute[i]}`);
  }
  const sum = values.reduce((s, v) => s + v, bias);
  assert.ok(Math.abs(sum - predictMargin(m, x)) < 1e-9, `${label}: sum ${sum} vs margin ${predictMargin(m, x)}`);
  // bias is v(∅) plus the base score
  const empty = bias - m.baseScore;
  let v0 = 0;
  for (let t = 0; t < m.forest.nTrees; t++) v0 += conditional(m.forest, m.forest.roots[t], x, 0);
  assert.ok(Math.abs(empty - v0) < 1e-9);
}

test('TreeSHAP equals brute-force Shapley values on a hand-made tree that reuses a feature', () => {
  // root: x0 <= 0.5; left: x1 <= 0 → (x0 <= 0.2 → 1 | 4); right: x2 <= 1 → 3 | 7
  const tree = {
    feature: [0, 1, 0, -1, -1, -1, 2, -1, -1],
    threshold: [0.5, 0, 0.2, 0, 0, 0, 1, 0, 0],
    left: [1, 2, 3, -1, -1, -1, 7, -1, -1],
    right: [6, 5, 4, -1, -1, -1, 8, -1, -1],
    defaultLeft: [1, 0, 0, 0, 0, 0, 1, 0, 0],
    value: [0, 0, 0, 1, 4, -2, 0, 3, 7],
    cover: [100, 60, 45, 20, 25, 15, 40, 30, 10],
    gain: [1, 1, 1, 0, 0, 0, 1, 0, 0],
  };
  const json = { format: 'ringwatch-gbdt', version: 1, featureNames: ['a', 'b', 'c'], trees: [tree], baseScore: 0.25, params: {}, trainedAt: 'now', metrics: {} };
  const m = parseModel(json);
  const rows = [
    [0.1, -1, 0],
    [0.3, -1, 5],
    [0.9, 2, 0.5],
    [0.9, 2, 5],
    [NaN, NaN, NaN],
    [0.1, 1, 2],
  ];
  for (const x of rows) assertMatchesBrute(m, x, `x=${x}`);
  const forest: Forest = forestFromTrees([tree]);
  assert.ok(Math.abs(forest.expected - (20 * 1 + 25 * 4 + 15 * -2 + 30 * 3 + 10 * 7) / 100) < 1e-12);
});

test('TreeSHAP equals brute force on trained depth-4 forests over 5 features', () => {
  const data = noisyData(1500, 13);
  // keep 5 features so brute force stays cheap
  const d = 5;
  const X = new Float64Array(data.rows * d);
  for (let r = 0; r < data.rows; r++) for (let j = 0; j < d; j++) X[r * d + j] = data.X[r * data.features + j];
  const m = trainGbdt({ rows: data.rows, features: d, X, y: data.y, featureNames: ['a', 'b', 'c', 'd', 'e'] }, { nTrees: 8, maxDepth: 4, learningRate: 0.3, subsample: 0.8, seed: 3 });
  for (let r = 0; r < 25; r++) assertMatchesBrute(m, X.subarray(r * d, r * d + d), `row ${r}`);
});

test('SHAP values sum to the margin on a deep model, NaN rows included; tables match the recursion', () => {
  const data = noisyData(3000, 14);
  const m = trainGbdt(data, { nTrees: 80, maxDepth: 7, learningRate: 0.2 });
  const d = data.features;
  for (let r = 0; r < 200; r++) {
    const { bias, values } = shapValues(m, data.X, r * d);
    const sum = values.reduce((s, v) => s + v, bias);
    assert.ok(Math.abs(sum - predictMargin(m, data.X, r * d)) < 1e-9);
    const recursive = new Float64Array(d);
    forestShap(m.forest, data.X, r * d, recursive);
    for (let j = 0; j < d; j++) assert.ok(Math.abs(recursive[j] - values[j]) < 1e-9);
  }
  // without tables (as for forests too large to tabulate) the recursive algorithm is used
  const bare: GbdtModel = { ...m, forest: { ...m.forest, shap: null } };
  const a = shapValues(bare, data.X, 5 * d).values;
  const b = shapValues(m, data.X, 5 * d).values;
  for (let j = 0; j < d; j++) assert.ok(Math.abs(a[j] - b[j]) < 1e-9);
});

test('explain returns the top contributions by magnitude with names and values', () => {
  const data = noisyData(3000, 15);
  const m = trainGbdt(data, { nTrees: 40, maxDepth: 4 });
  const rng = createRng(1);
  const r = Math.floor(rng() * data.rows);
  const x = data.X.subarray(r * data.features, (r + 1) * data.features);
  const top = explain(m, x, 3);
  assert.equal(top.length, 3);
  const { values } = shapValues(m, x);
  const sorted = Array.from(values).sort((a, b) => Math.abs(b) - Math.abs(a));
  assert.deepEqual(
    top.map((c) => c.contribution),
    sorted.slice(0, 3),
  );
  for (const c of top) {
    const j = m.featureNames.indexOf(c.feature);
    assert.ok(Object.is(c.value, x[j]));
    assert.equal(c.contribution, values[j]);
  }
  assert.ok(explain(m, x, 100).length <= data.features);
  assert.deepEqual(explain(m, x, 0), []);
});
