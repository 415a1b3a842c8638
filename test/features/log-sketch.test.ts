import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogSketch } from '../../src/features/families/log-sketch.js';
import { prng } from './helpers.js';

test('log sketch: a percentile counts the earlier amounts in lower bins and half of its own bin', () => {
  const sketch = new LogSketch(4, 0, 1); // bins [1,2) [2,4) [4,8) [8,∞), below 1 in the first
  sketch.ensureRows(2);
  assert.equal(sketch.percentile(0, 5), -1, 'no history');
  for (const x of [1, 3, 3, 5, 100]) sketch.add(0, x);
  assert.equal(sketch.percentile(0, 0.5), 0.5 / 5, 'lowest bin: half of the one amount there');
  assert.equal(sketch.percentile(0, 2), (1 + 1) / 5, 'bin [2,4): one below, two in the bin');
  assert.equal(sketch.percentile(0, 6), (3 + 0.5) / 5, 'upper half of the bins: read from the top');
  assert.equal(sketch.percentile(0, 1e9), (4 + 0.5) / 5, 'clamped into the last bin');
  assert.equal(sketch.percentile(1, 6), -1, 'rows are apart');
});

test('log sketch: percentiles equal a brute-force count over the binned history, from either side', () => {
  const rnd = prng(7);
  const sketch = new LogSketch(48, -6, 2 / 3);
  sketch.ensureRows(5);
  const history: number[][] = [[], [], [], [], []];
  for (let i = 0; i < 4000; i++) {
    const row = Math.floor(rnd() * 5);
    const amount = rnd() < 0.05 ? 0 : Math.exp(rnd() * 40 - 8);
    const b = sketch.bin(amount);
    const h = history[row];
    const expected = h.length === 0 ? -1 : (h.filter((x) => sketch.bin(x) < b).length + h.filter((x) => sketch.bin(x) === b).length / 2) / h.length;
    assert.equal(sketch.percentile(row, amount), expected, `step ${i}, bin ${b}`);
    sketch.add(row, amount);
    h.push(amount);
  }
});
