import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrAddEdges } from '../../src/analytics/csr.js';
import { IncrementalCommunities, updateCommunities } from '../../src/analytics/incremental.js';
import { leiden } from '../../src/analytics/leiden.js';
import { louvain } from '../../src/analytics/louvain.js';
import { samePartition } from '../../src/analytics/partition.js';
import { SeededRandom } from '../../src/analytics/prng.js';
import { communitiesConnected, planted, twoRings } from './helpers.js';

/** `count` new edges, mostly inside the planted groups of `groupSize`. */
function newEdges(n: number, count: number, groupSize: number, seed: number): { u: Int32Array; v: Int32Array } {
  const rng = new SeededRandom(seed);
  const u = new Int32Array(count);
  const v = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const a = rng.int(n);
    let b = a;
    while (b === a) b = rng.next() < 0.3 ? rng.int(n) : Math.min(n - 1, a - (a % groupSize) + rng.int(groupSize));
    u[e] = a;
    v[e] = b;
  }
  return { u, v };
}

test('an edge inside a community leaves the partition as it was, touching few nodes', () => {
  const g = twoRings(8, 0.5);
  const full = leiden(g, { seed: 1 });
  const g2 = csrAddEdges(g, Int32Array.of(0), Int32Array.of(1));
  const r = updateCommunities(g2, full.membership, [0, 1], { seed: 1 });
  assert.ok(samePartition(r.membership, full.membership));
  assert.equal(r.touchedNodes, 2);
  assert.ok(r.visitedNodes < g.nodeCount, `${r.visitedNodes} visited`);
  assert.equal(r.revisitedShare, r.visitedNodes / r.totalNodes);
});

for (const algorithm of ['leiden', 'louvain'] as const) {
  test(`incremental ${algorithm} is as good by modularity as a full recompute`, () => {
    const n = 3000;
    const { csr } = planted(n, 15000, 30, 0.3, 21);
    const run = algorithm === 'leiden' ? leiden : louvain;
    const before = run(csr, { seed: 4 });
    const add = newEdges(n, 300, 30, 8);
    const g2 = csrAddEdges(csr, add.u, add.v);
    const touched = Int32Array.from([...add.u, ...add.v]);
    const inc = updateCommunities(g2, before.membership, touched, { seed: 4, algorithm });
    const full = run(g2, { seed: 4 });
    assert.ok(inc.modularity >= 0.99 * full.modularity, `${inc.modularity} vs ${full.modularity}`);
    assert.ok(inc.revisitedShare < 1, `revisited ${inc.revisitedShare}`);
    assert.ok(inc.touchedNodes <= 600);
    if (algorithm === 'leiden') assert.ok(communitiesConnected(g2, inc.membership));
  });
}

test('incremental updates bring new accounts in and are deterministic', () => {
  const { csr } = planted(1000, 5000, 25, 0.3, 2);
  const a = new IncrementalCommunities(csr, { seed: 9 });
  const b = new IncrementalCommunities(csr, { seed: 9 });
  // Two new accounts (1000, 1001) tied tightly into group 0.
  const u = Int32Array.of(1000, 1000, 1000, 1001, 1001, 1001, 1000);
  const v = Int32Array.of(0, 1, 2, 0, 1, 2, 1001);
  const ra = a.addEdges(u, v);
  const rb = b.addEdges(u, v);
  assert.deepEqual(ra, rb);
  assert.equal(a.graph.nodeCount, 1002);
  assert.equal(ra.membership.length, 1002);
  assert.equal(ra.membership[1000], ra.membership[0]);
  assert.equal(ra.membership[1001], ra.membership[0]);
  const full = leiden(a.graph, { seed: 9 });
  assert.ok(ra.modularity >= 0.99 * full.modularity);
});

test('expanding to neighbours seeds more nodes and stays as good', () => {
  const n = 2000;
  const { csr } = planted(n, 10000, 40, 0.25, 5);
  const before = leiden(csr, { seed: 2 });
  const add = newEdges(n, 50, 40, 3);
  const g2 = csrAddEdges(csr, add.u, add.v);
  const touched = Int32Array.from([...add.u, ...add.v]);
  const narrow = updateCommunities(g2, before.membership, touched, { seed: 2 });
  const wide = updateCommunities(g2, before.membership, touched, { seed: 2, expandNeighbors: true });
  assert.ok(wide.seededNodes > narrow.seededNodes);
  assert.ok(wide.modularity >= 0.99 * narrow.modularity);
});
