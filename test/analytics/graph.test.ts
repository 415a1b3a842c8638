import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrAddEdges, csrEdges, csrFromEdges, rowsSorted } from '../../src/analytics/csr.js';
import { EntityGraphBuilder } from '../../src/analytics/entity-graph.js';
import { planted } from './helpers.js';

test('csrFromEdges symmetrises, sums duplicates and sorts rows', () => {
  const g = csrFromEdges(4, Int32Array.of(2, 0, 1, 0, 3), Int32Array.of(0, 2, 0, 1, 3), Float64Array.of(1, 2, 3, 4, 5));
  assert.deepEqual(Array.from(g.offsets), [0, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(g.targets), [1, 2, 0, 0, 3]);
  assert.deepEqual(Array.from(g.weights), [7, 3, 7, 3, 10]);
  assert.deepEqual(Array.from(g.degrees), [10, 7, 3, 10]);
  assert.equal(g.totalWeight, 30);
  assert.ok(rowsSorted(g));
  const back = csrEdges(g);
  assert.deepEqual([Array.from(back.u), Array.from(back.v), Array.from(back.w)], [[0, 0, 3], [1, 2, 3], [7, 3, 5]]);
  assert.throws(() => csrFromEdges(2, Int32Array.of(0), Int32Array.of(2)), RangeError);
});

test('csrAddEdges equals rebuilding from all edges, and grows the node set', () => {
  const { u, v } = planted(300, 1500, 20, 0.3, 2);
  const first = 1200;
  const g = csrFromEdges(300, u.subarray(0, first), v.subarray(0, first));
  const moreU = Int32Array.from([...u.subarray(first), 300, 301]);
  const moreV = Int32Array.from([...v.subarray(first), 5, 300]);
  const grown = csrAddEdges(g, moreU, moreV);
  const all = csrFromEdges(302, Int32Array.from([...u, 300, 301]), Int32Array.from([...v, 5, 300]));
  assert.equal(grown.nodeCount, 302);
  assert.deepEqual(Array.from(grown.offsets), Array.from(all.offsets));
  assert.deepEqual(Array.from(grown.targets), Array.from(all.targets));
  assert.deepEqual(Array.from(grown.weights), Array.from(all.weights));
  assert.deepEqual(Array.from(grown.degrees), Array.from(all.degrees));
});

test('entity graph aggregates transfers per pair in the window and links shared identifiers', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const b = new EntityGraphBuilder(names, { window: { from: 10, to: 100 }, countWeight: 1, amountWeight: 0.5, maxAccountsPerIdentifier: 3 });
  b.addTransfers({
    src: Int32Array.of(0, 1, 0, 2, 3),
    dst: Int32Array.of(1, 0, 1, 2, 4),
    time: Float64Array.of(10, 20, 5, 30, 200),
    amount: Float64Array.of(100, 50, 999, 10, 10),
  });
  b.addIdentifierLinks([
    { account: 1, kind: 'device', value: 'D1' },
    { account: 2, kind: 'device', value: 'D1' },
    { account: 2, kind: 'device', value: 'D1' },
    { account: 0, kind: 'ip', value: '10.0.0.1' },
    { account: 1, kind: 'ip', value: '10.0.0.1' },
    // A super-identifier: four accounts, cap three.
    { account: 0, kind: 'phone', value: 'P' },
    { account: 1, kind: 'phone', value: 'P' },
    { account: 3, kind: 'phone', value: 'P' },
    { account: 4, kind: 'phone', value: 'P' },
  ]);
  const g = b.build();
  assert.equal(g.stats.transfersInWindow, 3); // t = 5 and t = 200 fall outside
  assert.equal(g.stats.selfTransfers, 1);
  assert.equal(g.stats.superIdentifiers, 1);
  assert.equal(g.stats.superIdentifierLinks, 6);
  assert.equal(g.stats.identifiers, 3);
  const p = g.pairs;
  const pairs = Array.from({ length: p.count }, (_, i) => [p.lo[i], p.hi[i], p.transfers[i], p.sharedIdentifiers[i]]);
  assert.deepEqual(pairs, [
    [0, 1, 2, 1],
    [1, 2, 0, 1],
  ]);
  // a–b: 2 transfers, 150 moved, one shared IP (weight 1): 1·2 + 0.5·log1p(150) + 1.
  assert.ok(Math.abs(p.weight[0] - (2 + 0.5 * Math.log1p(150) + 1)) < 1e-12);
  assert.equal(p.weight[1], 3); // shared device
  assert.equal(g.csr.nodeCount, 5);
  assert.equal(g.csr.offsets[5], 4);
  assert.throws(() => b.addTransfer(0, 9, 1, 1), RangeError);
});
