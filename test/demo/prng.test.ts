import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, cumulative } from '../../src/demo/prng.js';

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.uint32());

test('same seed gives the same stream; different seeds and streams differ', () => {
  assert.deepEqual(draw(new Rng(42), 100), draw(new Rng(42), 100));
  assert.notDeepEqual(draw(new Rng(42), 100), draw(new Rng(43), 100));
  const root = new Rng(42);
  assert.deepEqual(draw(root.derive('a'), 20), draw(new Rng(42).derive('a'), 20));
  assert.notDeepEqual(draw(root.derive('a'), 20), draw(root.derive('b'), 20));
});

test('derived streams do not depend on how much the parent was used', () => {
  const used = new Rng(7);
  draw(used, 1000);
  assert.deepEqual(draw(used.derive('x'), 10), draw(new Rng(7).derive('x'), 10));
});

test('next is in [0, 1) and int stays within inclusive bounds', () => {
  const rng = new Rng(1);
  const seen = new Set<number>();
  for (let i = 0; i < 20_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    const k = rng.int(3, 7);
    assert.ok(Number.isInteger(k) && k >= 3 && k <= 7);
    seen.add(k);
  }
  assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
});

test('sample gives distinct items and shuffle a permutation', () => {
  const rng = new Rng(3);
  const items = Array.from({ length: 50 }, (_, i) => i);
  const s = rng.sample(items, 20);
  assert.equal(new Set(s).size, 20);
  assert.equal(rng.sample(items, 80).length, 50);
  assert.deepEqual(rng.shuffle(items.slice()).sort((a, b) => a - b), items);
});

test('poisson, normal and weighted have the expected means', () => {
  const rng = new Rng(11);
  const n = 20_000;
  let p = 0;
  let big = 0;
  let z = 0;
  const counts = [0, 0, 0];
  const table = cumulative([1, 2, 7]);
  for (let i = 0; i < n; i++) {
    p += rng.poisson(3.5);
    big += rng.poisson(120);
    z += rng.normal();
    counts[rng.weighted(table)]++;
  }
  assert.ok(Math.abs(p / n - 3.5) < 0.1);
  assert.ok(Math.abs(big / n - 120) < 1);
  assert.ok(Math.abs(z / n) < 0.05);
  assert.ok(Math.abs(counts[2] / n - 0.7) < 0.02 && Math.abs(counts[0] / n - 0.1) < 0.02);
  assert.equal(rng.poisson(0), 0);
});
