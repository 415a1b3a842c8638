import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binDataset, binOf, computeBinEdges } from '../../src/ml/binning.js';

test('distinct values each get a bin with midpoint edges; NaN is ignored', () => {
  const e = computeBinEdges([3, 1, 2, 2, NaN], 10);
  assert.deepEqual(Array.from(e), [1.5, 2.5, Infinity]);
  assert.equal(binOf(e, 1), 0);
  assert.equal(binOf(e, 1.5), 0);
  assert.equal(binOf(e, 2), 1);
  assert.equal(binOf(e, 3), 2);
  assert.equal(binOf(e, 0.5), 0);
  assert.equal(binOf(e, 100), 2);
  assert.equal(binOf(e, Infinity), 2);
  assert.equal(binOf(e, -Infinity), 0);
  assert.equal(binOf(e, NaN), 3);
});

test('constant and all-NaN features have a single value bin', () => {
  assert.deepEqual(Array.from(computeBinEdges([5, 5, 5], 254)), [Infinity]);
  assert.deepEqual(Array.from(computeBinEdges([NaN, NaN], 254)), [Infinity]);
  assert.deepEqual(Array.from(computeBinEdges([], 254)), [Infinity]);
});

test('quantile bins hold equal counts, and a heavy value is a bin of its own', () => {
  const even = Array.from({ length: 100 }, (_, i) => i);
  assert.deepEqual(Array.from(computeBinEdges(even, 4)), [24.5, 49.5, 74.5, Infinity]);
  const heavyFirst = [...new Array<number>(50).fill(0), ...Array.from({ length: 50 }, (_, i) => i + 1)];
  assert.deepEqual(Array.from(computeBinEdges(heavyFirst, 4)), [0.5, 17.5, 34.5, Infinity]);
  const heavyLast = [...Array.from({ length: 10 }, (_, i) => i + 1), ...new Array<number>(90).fill(100)];
  assert.deepEqual(Array.from(computeBinEdges(heavyLast, 4)), [55, Infinity]);
  // never more than the allowed number of value bins
  const many = Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * 1000);
  const e = computeBinEdges(many, 254);
  assert.ok(e.length <= 254 && e.length >= 250, `got ${e.length} bins`);
  for (let i = 1; i < e.length; i++) assert.ok(e[i] > e[i - 1]);
});

test('binDataset lays bins out column-major with a NaN bin per feature', () => {
  // 3 rows × 3 features: varying, constant, with NaN
  const X = Float64Array.from([1, 7, NaN, 2, 7, 0.5, 3, 7, 0.25]);
  const b = binDataset(X, 3, 3, 255);
  assert.deepEqual(Array.from(b.numBins), [3, 1, 2]);
  assert.deepEqual(Array.from(b.nanCount), [0, 0, 1]);
  assert.deepEqual(Array.from(b.histOffset), [0, 4, 6]);
  assert.equal(b.totalSlots, 9);
  assert.deepEqual(Array.from(b.bins), [0, 1, 2, /* f1 */ 0, 0, 0, /* f2 */ 2, 1, 0]);
  assert.deepEqual(Array.from(b.edges[2]), [0.375, Infinity]);
});

test('binDataset rejects bad shapes and bin counts', () => {
  assert.throws(() => binDataset(new Float64Array(5), 2, 3), /expected rows × features = 6/);
  assert.throws(() => binDataset(new Float64Array(6), 2, 3, 1), /maxBins must be an integer in 2…256/);
  assert.throws(() => binDataset(new Float64Array(6), 2, 3, 300), /maxBins/);
});
