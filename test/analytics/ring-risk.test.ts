import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ringComponents, stableRingId } from '../../src/analytics/components.js';
import { EntityGraphBuilder } from '../../src/analytics/entity-graph.js';
import { leiden } from '../../src/analytics/leiden.js';
import { countShortCycles, internalDirectedEdges } from '../../src/analytics/short-cycles.js';
import { DEFAULT_RING_WEIGHTS, scoreRings, type RingRisk } from '../../src/analytics/ring-risk.js';

// Ring r0..r3 (ids 0..3) and outsiders x (4), y (5), z (6).
function handRing() {
  const b = new EntityGraphBuilder(['r0', 'r1', 'r2', 'r3', 'x', 'y', 'z']);
  const tx: [number, number, number, number][] = [
    [0, 1, 1, 100],
    [1, 2, 2, 100],
    [2, 0, 3, 100], // closes the cycle r0 → r1 → r2 → r0
    [2, 3, 4, 50],
    [3, 4, 5, 50], // money leaves the ring
    [5, 6, 6, 10],
  ];
  for (const [s, d, t, a] of tx) b.addTransfer(s, d, t, a);
  b.addIdentifierLink(0, 'device', 'D-shared');
  b.addIdentifierLink(1, 'device', 'D-shared');
  b.addIdentifierLink(5, 'device', 'D-shared'); // used outside the ring too
  const graph = b.build();
  const membership = Int32Array.of(0, 0, 0, 0, 1, 2, 2);
  return { graph, membership };
}

function reasonsOf(r: RingRisk): Record<string, { value: number; raw: number; weight: number }> {
  return Object.fromEntries(r.reasons.map((x) => [x.name, { value: x.value, raw: x.raw, weight: x.weight }]));
}

test('ring risk reasons on a hand-built ring', () => {
  const { graph, membership } = handRing();
  const rings = scoreRings({ graph, membership, listed: [0], alerted: new Set([3, 4]), since: 3 });
  assert.equal(rings.length, 2); // the singleton {x} is not a ring
  const ring = rings[0];
  assert.equal(ring.ring, stableRingId('r0'));
  assert.deepEqual(ring.members, ['r0', 'r1', 'r2', 'r3']);
  assert.equal(ring.size, 4);
  const r = reasonsOf(ring);
  assert.deepEqual(r.listed_members, { value: 0.25, raw: 1, weight: DEFAULT_RING_WEIGHTS.listed_members });
  assert.equal(r.alerted_members.value, 0.25);
  assert.equal(r.shared_identifiers.value, 0.5); // r0 and r1 share a device
  assert.equal(r.shared_identifiers.raw, 1);
  assert.equal(r.internal_flow.value, 350 / 400);
  assert.equal(r.internal_flow.raw, 350);
  assert.equal(r.cycles.raw, 1);
  assert.equal(r.cycles.value, 1 / 3);
  assert.equal(r.density.raw, 4); // r0-r1, r0-r2, r1-r2, r2-r3 of 6 pairs
  assert.equal(r.density.value, 4 / 6);
  // Since t = 3: r3 is new (1 of 4 members); 2 of the 4 inside transfers are new.
  assert.equal(r.growth.value, 0.5);
  assert.equal(r.growth.raw, 1);
  let num = 0;
  let den = 0;
  for (const x of ring.reasons) {
    num += x.weight * x.value;
    den += x.weight;
  }
  assert.ok(Math.abs(ring.risk - num / den) < 1e-12);
  for (let i = 1; i < ring.reasons.length; i++) {
    const a = ring.reasons[i - 1];
    const b = ring.reasons[i];
    assert.ok(a.weight * a.value >= b.weight * b.value);
  }
  // The other ring {y, z}: one transfer, nothing else.
  assert.ok(rings[1].risk < ring.risk);
  assert.deepEqual(rings[1].members, ['y', 'z']);
});

test('ring risk works on components and honours sizes, weights and top', () => {
  const { graph } = handRing();
  const comps = ringComponents(graph, { strongTransferWeight: 1 });
  const rings = scoreRings({ graph, membership: comps.membership, ids: comps.ids }, { minSize: 3, weights: { density: 0 } });
  assert.ok(rings.every((r) => r.size >= 3));
  assert.ok(rings.every((r) => r.reasons.find((x) => x.name === 'density')?.weight === 0));
  assert.equal(scoreRings({ graph, membership: comps.membership }, { top: 1 }).length, 1);
});

test('short cycles are counted once each and capped', () => {
  // 0 ⇄ 1 (2-cycle), 0 → 1 → 2 → 0 (3-cycle), 0 → 1 → 2 → 3 → 0 (4-cycle), 0→4→…: a 5-cycle (too long).
  const src = Int32Array.of(0, 1, 1, 2, 2, 3, 0, 4, 5, 6, 7);
  const dst = Int32Array.of(1, 0, 2, 0, 3, 0, 4, 5, 6, 7, 0);
  const n = 8;
  const transfers = { src, dst, time: new Float64Array(src.length), amount: new Float64Array(src.length) };
  const adj = internalDirectedEdges(n, transfers, new Int32Array(n));
  const all = Int32Array.from({ length: n }, (_, i) => i);
  assert.deepEqual(countShortCycles(adj, all, 4), { count: 3, truncated: false });
  assert.deepEqual(countShortCycles(adj, all, 5), { count: 4, truncated: false });
  assert.deepEqual(countShortCycles(adj, all, 3), { count: 2, truncated: false });
  assert.deepEqual(countShortCycles(adj, all, 4, 2), { count: 2, truncated: true });
  assert.equal(countShortCycles(adj, all, 4, 100, 3).truncated, true);
});

test('end to end: entity graph → Leiden → ring scores put the listed, cycling ring first', () => {
  const names = Array.from({ length: 12 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
  const b = new EntityGraphBuilder(names);
  let t = 0;
  // Ring 0..5: money going round (a 6-cycle, too long to count, and 0 → 1 → 2 → 0) and a
  // shared device; ring 6..11: ordinary trade in a chain.
  for (let round = 0; round < 3; round++) for (let i = 0; i < 6; i++) b.addTransfer(i, (i + 1) % 6, ++t, 9000);
  b.addTransfer(2, 0, ++t, 9000);
  for (let i = 0; i < 6; i++) b.addIdentifierLink(i, 'device', 'dev-ring');
  for (let round = 0; round < 3; round++) for (let i = 6; i < 11; i++) b.addTransfer(i, i + 1, ++t, 120);
  b.addTransfer(5, 6, ++t, 10); // one weak tie between them
  const graph = b.build();
  const communities = leiden(graph.csr, { seed: 5 });
  assert.equal(communities.communityCount, 2);
  const rings = scoreRings({ graph, membership: communities.membership, listed: [2] });
  assert.equal(rings.length, 2);
  assert.deepEqual(rings[0].members, names.slice(0, 6));
  assert.equal(rings[0].reasons[0].name, 'shared_identifiers');
  assert.equal(rings[0].reasons.find((r) => r.name === 'cycles')!.raw, 1);
  assert.equal(rings[1].reasons.find((r) => r.name === 'cycles')!.raw, 0);
  assert.ok(rings[0].risk > rings[1].risk);
});
