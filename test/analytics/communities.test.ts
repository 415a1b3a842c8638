import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregate } from '../../src/analytics/aggregate.js';
import { csrFromEdges } from '../../src/analytics/csr.js';
import { leiden } from '../../src/analytics/leiden.js';
import { louvain } from '../../src/analytics/louvain.js';
import { modularity } from '../../src/analytics/modularity.js';
import { communitiesConnected, planted, twoRings } from './helpers.js';

test('modularity matches hand-computed values on a tiny weighted graph', () => {
  // Path 0 -2- 1 -1- 2 -2- 3: 2m = 10; {0,1},{2,3}: L = 4 + 4, K = 5, 5.
  const g = csrFromEdges(4, Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 3), Float64Array.of(2, 1, 2));
  const parts = Int32Array.of(0, 0, 1, 1);
  assert.ok(Math.abs(modularity(g, parts) - (8 / 10 - 2 * 0.25)) < 1e-12); // 0.3
  assert.ok(Math.abs(modularity(g, parts, 0.5) - (0.8 - 0.25)) < 1e-12); // 0.55
  assert.ok(Math.abs(modularity(g, Int32Array.of(0, 0, 0, 0)) - 0) < 1e-12);
  // A self-loop of weight 1 at node 3 adds 2 to its degree (igraph gives 0.3194…).
  const s = csrFromEdges(4, Int32Array.of(0, 1, 2, 3), Int32Array.of(1, 2, 3, 3), Float64Array.of(2, 1, 2, 1));
  assert.ok(Math.abs(modularity(s, parts) - (10 / 12 - (25 + 49) / 144)) < 1e-12);
  // Two unit triangles joined by one edge: the classic 5/14.
  const t = csrFromEdges(6, Int32Array.of(0, 1, 0, 3, 4, 3, 2), Int32Array.of(1, 2, 2, 4, 5, 5, 3));
  assert.ok(Math.abs(modularity(t, Int32Array.of(0, 0, 0, 1, 1, 1)) - 5 / 14) < 1e-12);
});

test('Leiden and Louvain find two planted rings joined by one weak edge', () => {
  const g = twoRings(6, 0.5);
  const expected = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
  for (const run of [leiden, louvain]) {
    const r = run(g, { seed: 11 });
    assert.equal(r.communityCount, 2, run.name);
    assert.deepEqual(Array.from(r.membership), expected, run.name);
    assert.ok(Math.abs(r.modularity - modularity(g, Int32Array.from(expected))) < 1e-12);
  }
});

test('same graph and seed give identical output; the result is canonical', () => {
  const { csr } = planted(3000, 15000, 30, 0.3, 5);
  for (const run of [leiden, louvain]) {
    const a = run(csr, { seed: 7 });
    const b = run(csr, { seed: 7 });
    assert.deepEqual(a, b, run.name);
    assert.equal(a.membership[0], 0);
    assert.ok(a.modularity > 0.4, `${run.name} modularity ${a.modularity}`);
  }
});

test('Leiden communities are connected and at least as good as Louvain on a planted graph', () => {
  const { csr } = planted(4000, 16000, 40, 0.35, 9);
  const ld = leiden(csr, { seed: 3, iterations: 0 });
  const lv = louvain(csr, { seed: 3 });
  assert.ok(communitiesConnected(csr, ld.membership));
  assert.ok(ld.modularity >= 0.99 * lv.modularity, `${ld.modularity} vs ${lv.modularity}`);
  assert.ok(Math.abs(ld.modularity - modularity(csr, ld.membership)) < 1e-12);
});

test('resolution trades community count against size', () => {
  const { csr } = planted(2000, 10000, 50, 0.2, 4);
  const low = leiden(csr, { seed: 1, resolution: 0.2 });
  const high = leiden(csr, { seed: 1, resolution: 4 });
  assert.ok(high.communityCount > low.communityCount, `${high.communityCount} > ${low.communityCount}`);
});

test('coarsening preserves degrees, total weight and modularity', () => {
  const { csr } = planted(500, 2500, 25, 0.3, 8);
  const r = louvain(csr, { seed: 2 });
  const coarse = aggregate(csr, r.membership, r.communityCount);
  assert.ok(Math.abs(coarse.totalWeight - csr.totalWeight) < 1e-9);
  const identity = new Int32Array(r.communityCount).map((_, i) => i);
  assert.ok(Math.abs(modularity(coarse, identity) - r.modularity) < 1e-12);
});

test('empty and edgeless graphs give singletons and modularity 0', () => {
  const g = csrFromEdges(3, new Int32Array(0), new Int32Array(0));
  for (const run of [leiden, louvain]) {
    const r = run(g);
    assert.deepEqual(Array.from(r.membership), [0, 1, 2]);
    assert.equal(r.modularity, 0);
  }
  assert.equal(leiden(csrFromEdges(0, new Int32Array(0), new Int32Array(0))).communityCount, 0);
});
