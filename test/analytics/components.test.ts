import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectedComponents, ringComponents, stableRingId, stableRingIds } from '../../src/analytics/components.js';
import { csrFromEdges } from '../../src/analytics/csr.js';
import { EntityGraphBuilder, type EntityGraph } from '../../src/analytics/entity-graph.js';

interface World {
  names: string[];
  transfers: [string, string, number, number][];
  links: [string, string, string][];
}

function build(w: World): EntityGraph {
  const b = new EntityGraphBuilder(w.names);
  for (const [s, d, t, a] of w.transfers) b.addTransfer(b.addAccount(s), b.addAccount(d), t, a);
  for (const [acc, kind, value] of w.links) b.addIdentifierLink(b.addAccount(acc), kind, value);
  return b.build();
}

function ringsByMembers(g: EntityGraph, options = {}): Map<string, string> {
  const r = ringComponents(g, options);
  return new Map(r.rings.map((ring) => [Array.from(ring.members, (v) => g.names[v]).sort().join(','), ring.id]));
}

const base: World = {
  names: ['acc-m', 'acc-k', 'acc-z', 'acc-x', 'acc-y', 'loner'],
  transfers: [
    ['acc-x', 'acc-y', 1, 5000],
    ['acc-x', 'acc-y', 2, 5000],
    ['acc-y', 'acc-x', 3, 5000],
    ['acc-x', 'loner', 4, 20], // weak: below the strong threshold
  ],
  links: [
    ['acc-m', 'device', 'dev-1'],
    ['acc-k', 'device', 'dev-1'],
    ['acc-z', 'phone', '+100'],
    ['acc-k', 'phone', '+100'],
  ],
};

test('components join identifier links and strong transfers only; ids are stable run after run', () => {
  const g = build(base);
  const rings = ringsByMembers(g);
  assert.deepEqual([...rings.keys()].sort(), ['acc-k,acc-m,acc-z', 'acc-x,acc-y']);
  assert.equal(rings.get('acc-k,acc-m,acc-z'), stableRingId('acc-k'));
  assert.equal(rings.get('acc-x,acc-y'), stableRingId('acc-x'));
  assert.match(stableRingId('acc-k'), /^ring-[0-9a-f]{16}$/);
  assert.deepEqual(ringsByMembers(build(base)), rings);
  // A lower threshold pulls the weak link in.
  assert.ok(ringsByMembers(g, { strongTransferWeight: 0.5 }).has('acc-x,acc-y,loner'));
});

test('ring ids stay the same when unrelated parts change and ids are interned in another order', () => {
  const before = ringsByMembers(build(base));
  const changed: World = {
    names: ['new-1', 'aaa-first', ...base.names.slice().reverse()],
    transfers: [
      ['new-1', 'aaa-first', 1, 9000],
      ['aaa-first', 'new-1', 2, 9000],
      ['new-1', 'aaa-first', 3, 9000],
      ...base.transfers,
    ],
    links: [['new-1', 'ip', '1.2.3.4'], ...base.links],
  };
  const after = ringsByMembers(build(changed));
  assert.equal(after.get('acc-k,acc-m,acc-z'), before.get('acc-k,acc-m,acc-z'));
  assert.equal(after.get('acc-x,acc-y'), before.get('acc-x,acc-y'));
  assert.equal(after.size, 3);
});

test('connected components number components by smallest node and honour a weight floor', () => {
  const g = csrFromEdges(6, Int32Array.of(4, 0, 2), Int32Array.of(5, 1, 3), Float64Array.of(1, 1, 0.1));
  const all = connectedComponents(g);
  assert.deepEqual(Array.from(all.membership), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual(Array.from(all.sizes), [2, 2, 2]);
  const strong = connectedComponents(g, 0.5);
  assert.equal(strong.count, 4);
  assert.deepEqual(Array.from(strong.membership), [0, 0, 1, 2, 3, 3]);
});

test('stableRingIds: communities below minSize get no id; the others the same ids as without it', () => {
  const names = ['b', 'a', 'c', 'd', 'e'];
  const membership = Int32Array.from([0, 0, 1, 2, 2]);
  const all = stableRingIds(membership, 3, names);
  assert.deepEqual(all, [stableRingId('a'), stableRingId('c'), stableRingId('d')]);
  assert.deepEqual(stableRingIds(membership, 3, names, 2), [stableRingId('a'), '', stableRingId('d')]);
  const r = ringComponents(build(base), { minSize: 3 });
  for (let c = 0; c < r.count; c++) assert.equal(r.ids[c] !== '', r.sizes[c] >= 3, `component ${c} of ${r.sizes[c]}`);
  assert.ok(r.rings.length > 0 && r.rings.every((ring) => ring.id.startsWith('ring-')));
});
