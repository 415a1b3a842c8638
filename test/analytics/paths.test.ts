import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EntityGraphBuilder } from '../../src/analytics/entity-graph.js';
import { searchPaths } from '../../src/analytics/paths.js';
import { temporalGraphFromTransfers, type TemporalGraph } from '../../src/analytics/temporal-graph.js';

const names = ['A', 'B', 'C', 'D', 'T', 'U'];
const id = (name: string): number => names.indexOf(name);

/** Transfers [src, dst, time, amount]; transaction index = position; ids `tx<i>`. */
function graph(rows: [string, string, number, number][], reversed = false): TemporalGraph {
  return temporalGraphFromTransfers(
    names.length,
    {
      src: Int32Array.from(rows, (r) => id(r[0])),
      dst: Int32Array.from(rows, (r) => id(r[1])),
      time: Float64Array.from(rows, (r) => r[2]),
      amount: Float64Array.from(rows, (r) => r[3]),
    },
    { names, txIds: rows.map((_, i) => `tx${i}`), reversed },
  );
}

const named = (nodes: number[]): string => nodes.map((v) => names[v]).join('>');

test('time-respecting search refuses a path whose hops go back in time', () => {
  const back = graph([
    ['A', 'B', 10, 100],
    ['B', 'C', 5, 100],
  ]);
  assert.equal(searchPaths(back, { from: id('A'), to: id('C') }).paths.length, 0);
  const forward = graph([
    ['A', 'B', 10, 100],
    ['B', 'C', 5, 100],
    ['B', 'C', 12, 100],
  ]);
  const r = searchPaths(forward, { from: id('A'), to: id('C') });
  assert.equal(r.paths.length, 1);
  assert.deepEqual(r.paths[0].transactions, [0, 2]);
  assert.deepEqual(r.paths[0].times, [10, 12]);
  // Equal times are allowed ("no earlier than").
  const same = graph([
    ['A', 'B', 10, 100],
    ['B', 'C', 10, 100],
  ]);
  assert.equal(searchPaths(same, { from: id('A'), to: id('C') }).paths.length, 1);
});

test('amount-consistent search refuses a hop outside the tolerance', () => {
  const g = graph([
    ['A', 'B', 1, 1000],
    ['B', 'C', 2, 500],
    ['B', 'D', 3, 900],
    ['D', 'T', 4, 1080],
    ['C', 'T', 5, 500],
  ]);
  const loose = searchPaths(g, { from: id('A'), to: id('T') });
  assert.deepEqual(loose.paths.map((p) => named(p.nodes)), ['A>B>D>T', 'A>B>C>T']);
  const strict = searchPaths(g, { from: id('A'), to: id('T'), amountTolerance: 0.2 });
  assert.deepEqual(strict.paths.map((p) => named(p.nodes)), ['A>B>D>T']);
  assert.deepEqual(strict.paths[0].amounts, [1000, 900, 1080]);
  const tighter = searchPaths(g, { from: id('A'), to: id('T'), amountTolerance: 0.15 });
  assert.equal(tighter.paths.length, 0); // 1080 is 20 % over 900
});

test('k shortest paths come by hops, then earliest arrival, with their subgraph', () => {
  const g = graph([
    ['A', 'T', 50, 10],
    ['A', 'B', 1, 10],
    ['B', 'T', 20, 10],
    ['A', 'C', 2, 10],
    ['C', 'T', 15, 10],
    ['A', 'D', 3, 10],
    ['D', 'C', 4, 10],
    ['C', 'T', 30, 10],
  ]);
  const r = searchPaths(g, { from: id('A'), to: new Set([id('T')]), k: 4 });
  assert.deepEqual(
    r.paths.map((p) => [named(p.nodes), p.hops, p.arrival]),
    [
      ['A>T', 1, 50],
      ['A>C>T', 2, 15],
      ['A>B>T', 2, 20],
      ['A>C>T', 2, 30],
    ],
  );
  const top2 = searchPaths(g, { from: id('A'), to: id('T'), k: 2 });
  assert.deepEqual(top2.paths.map((p) => p.arrival), [50, 15]);
  // Subgraph: the union of the paths, transactions behind each edge.
  const ct = r.subgraph.edges.find((e) => e.src === id('C') && e.dst === id('T'));
  assert.deepEqual(ct?.transactions.map((t) => t.id), ['tx4', 'tx7']);
  assert.deepEqual(r.subgraph.nodes.map((n) => n.name), ['A', 'B', 'C', 'T']);
  assert.equal(r.truncated, false);
});

test('a target set from flags; paths stop at the first target and stay simple', () => {
  const g = graph([
    ['A', 'B', 1, 10],
    ['B', 'A', 2, 10],
    ['B', 'T', 3, 10],
    ['T', 'U', 4, 10],
  ]);
  const flags = new Uint8Array(names.length);
  flags[id('T')] = 1;
  flags[id('U')] = 1;
  const r = searchPaths(g, { from: id('A'), to: flags, k: 10 });
  assert.deepEqual(r.paths.map((p) => named(p.nodes)), ['A>B>T']);
});

test('caps on edges visited and hops are respected and reported', () => {
  const rows: [string, string, number, number][] = [];
  for (let i = 0; i < 50; i++) rows.push(['A', 'B', i, 10]);
  for (let i = 0; i < 50; i++) rows.push(['B', 'C', 100 + i, 10]);
  rows.push(['C', 'T', 500, 10]);
  const g = graph(rows);
  const capped = searchPaths(g, { from: id('A'), to: id('T'), maxVisited: 20 });
  assert.equal(capped.truncated, true);
  assert.equal(capped.visitedEdges, 20);
  assert.equal(capped.paths.length, 0);
  const full = searchPaths(g, { from: id('A'), to: id('T'), k: 1 });
  assert.equal(full.truncated, false);
  assert.equal(full.paths.length, 1);
  assert.ok(full.visitedEdges <= 101);
  assert.equal(searchPaths(g, { from: id('A'), to: id('T'), maxHops: 2 }).paths.length, 0);
  // Window and gap limits.
  assert.equal(searchPaths(g, { from: id('A'), to: id('T'), endTime: 400 }).paths.length, 0);
  assert.equal(searchPaths(g, { from: id('A'), to: id('T'), maxGap: 300 }).paths.length, 0);
  // Parallel transfers make distinct paths over the same accounts: the k = 5 earliest.
  const gap = searchPaths(g, { from: id('A'), to: id('T'), maxGap: 400 });
  assert.equal(gap.paths.length, 5);
  assert.ok(gap.paths.every((p) => named(p.nodes) === 'A>B>C>T' && p.times[1] - p.times[0] <= 400));
});

test('a reversed graph searches upstream and returns paths in money-flow order', () => {
  const rows: [string, string, number, number][] = [
    ['U', 'B', 1, 10],
    ['B', 'C', 2, 10],
    ['C', 'A', 3, 10],
    ['B', 'A', 0, 10], // before U paid B: not a flow from U
  ];
  const r = searchPaths(graph(rows, true), { from: id('A'), to: id('U') });
  assert.deepEqual(r.paths.map((p) => named(p.nodes)), ['U>B>C>A']);
  assert.deepEqual(r.paths[0].times, [1, 2, 3]);
  assert.deepEqual(r.paths[0].transactions, [0, 1, 2]);
  assert.equal(r.paths[0].arrival, 1);
});

test('a temporal graph from an entity graph window maps back to the builder transactions, unsorted input too', () => {
  const b = new EntityGraphBuilder(names, { window: { from: 10 } });
  b.addTransfer(id('B'), id('T'), 40, 10); // 0
  b.addTransfer(id('A'), id('B'), 5, 10); // 1: before the window
  b.addTransfer(id('A'), id('B'), 30, 10); // 2
  b.addTransfer(id('A'), id('B'), 20, 10); // 3: out of time order
  const eg = b.build();
  const g = temporalGraphFromTransfers(eg.accountCount, eg.transfers, { txIndex: eg.transferIndex, names: eg.names });
  assert.deepEqual(Array.from(g.times.subarray(g.offsets[id('A')], g.offsets[id('A') + 1])), [20, 30]);
  const r = searchPaths(g, { from: id('A'), to: id('T') });
  assert.deepEqual(r.paths.map((p) => p.transactions), [
    [3, 0],
    [2, 0],
  ]);
  assert.deepEqual(r.subgraph.edges.map((e) => [names[e.src], names[e.dst], e.transactions.map((t) => t.tx)]), [
    ['A', 'B', [3, 2]],
    ['B', 'T', [0]],
  ]);
});
