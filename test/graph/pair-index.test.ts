import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PairIndex } from '../../src/graph/pair-index.js';

test('pair index stores, overwrites and survives growth, matching a Map', () => {
  const p = new PairIndex(4);
  const ref = new Map<string, number>();
  let x = 12345;
  for (let i = 0; i < 20_000; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const a = x % 300;
    const b = (x >>> 9) % 300;
    const prev = p.set(a, b, i);
    assert.equal(prev, ref.get(`${a},${b}`) ?? -1);
    ref.set(`${a},${b}`, i);
  }
  assert.equal(p.size, ref.size);
  for (const [k, v] of ref) {
    const [a, b] = k.split(',').map(Number);
    assert.equal(p.get(a, b), v);
  }
  assert.equal(p.get(1000, 1000), -1);
  assert.equal(p.get(2, 1, 7) === 7 || ref.has('2,1'), true);
});
