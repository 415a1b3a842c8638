import { growInt32 } from '../graph/growable.js';
import type { Csr } from './csr.js';
import type { EntityGraph } from './entity-graph.js';

/** Connected components: component per node, numbered 0..count-1 by their smallest node id. */
export interface Components {
  membership: Int32Array;
  count: number;
  /** Nodes per component. */
  sizes: Int32Array;
}

/**
 * Union–find over node ids 0..n-1 (union by size, path halving), reused by the component
 * functions below, the ring refresher and the gang finder; an instance per run, nothing shared.
 * `ensure` grows it for ids that arrive as a stream.
 */
export class UnionFind {
  parent: Int32Array<ArrayBuffer>;
  private size: Int32Array<ArrayBuffer>;

  constructor(n = 0) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  /** Makes room for ids below n (new ids are singletons). */
  ensure(n: number): void {
    if (n <= this.parent.length) return;
    const old = this.parent.length;
    this.parent = growInt32(this.parent, n);
    this.size = growInt32(this.size, n);
    for (let i = old; i < this.parent.length; i++) {
      this.parent[i] = i;
      this.size[i] = 1;
    }
  }

  /** Members of x's set. */
  sizeOf(x: number): number {
    return this.size[this.find(x)];
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra] < this.size[rb]) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    return true;
  }

  /** The components, numbered in order of their smallest node id. */
  components(): Components {
    const n = this.parent.length;
    const membership = new Int32Array(n);
    const label = new Int32Array(n).fill(-1);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const r = this.find(i);
      if (label[r] === -1) label[r] = count++;
      membership[i] = label[r];
    }
    const sizes = new Int32Array(count);
    for (let i = 0; i < n; i++) sizes[membership[i]]++;
    return { membership, count, sizes };
  }
}

/** Connected components of a CSR graph, using only entries with weight ≥ `minWeight`. */
export function connectedComponents(g: Csr, minWeight = -Infinity): Components {
  const uf = new UnionFind(g.nodeCount);
  const { offsets, targets, weights } = g;
  for (let i = 0; i < g.nodeCount; i++) {
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = targets[e];
      if (j > i && weights[e] >= minWeight) uf.union(i, j);
    }
  }
  return uf.components();
}

export interface RingComponentOptions {
  /** A transfer link joins a ring when its transfer weight is at least this (default 4). */
  strongTransferWeight?: number;
  /** Whether accounts sharing an identifier are joined (default true). */
  identifierLinks?: boolean;
  /** Rings listed in `rings` have at least this many members (default 2). */
  minSize?: number;
}

export interface RingComponent {
  id: string;
  /** Index into `membership`'s numbering. */
  component: number;
  /** Member account ids, ascending. */
  members: Int32Array;
}

export interface RingComponents extends Components {
  /** Stable id per component of at least `minSize` members (see `stableRingId`), '' for smaller ones. */
  ids: string[];
  /** Components of at least `minSize` members, largest first, then by id. */
  rings: RingComponent[];
}

/**
 * Weakly connected components of the entity graph over identifier links and strong transfer
 * links (transfer weight ≥ threshold), each with a stable ring id.
 */
export function ringComponents(graph: EntityGraph, options: RingComponentOptions = {}): RingComponents {
  const strong = options.strongTransferWeight ?? 4;
  const useIdentifiers = options.identifierLinks ?? true;
  const minSize = options.minSize ?? 2;
  const p = graph.pairs;
  const uf = new UnionFind(graph.accountCount);
  for (let i = 0; i < p.count; i++) {
    if ((useIdentifiers && p.sharedIdentifiers[i] > 0) || (p.transfers[i] > 0 && p.transferWeight[i] >= strong)) {
      uf.union(p.lo[i], p.hi[i]);
    }
  }
  const comps = uf.components();
  const ids = stableRingIds(comps.membership, comps.count, graph.names, minSize);
  const groupStart = new Int32Array(comps.count + 1);
  for (let c = 0; c < comps.count; c++) groupStart[c + 1] = groupStart[c] + comps.sizes[c];
  const fill = groupStart.slice(0, comps.count);
  const all = new Int32Array(graph.accountCount);
  for (let i = 0; i < graph.accountCount; i++) all[fill[comps.membership[i]]++] = i;
  const rings: RingComponent[] = [];
  for (let c = 0; c < comps.count; c++) {
    if (comps.sizes[c] < minSize) continue;
    rings.push({ id: ids[c], component: c, members: all.subarray(groupStart[c], groupStart[c + 1]) });
  }
  rings.sort((a, b) => b.members.length - a.members.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...comps, ids, rings };
}

/**
 * The stable id of a ring whose smallest member name (by UTF-16 code unit order) is
 * `smallestName`: `ring-` and 16 hex digits of two independent 32-bit hashes of that name
 * (FNV-1a and a murmur3-style mix), so ids are short, leak no account name, and collide with
 * odds of about r² / 2⁶⁵ for r rings. The id depends on nothing but that name: the same input
 * gives the same ids run after run, and a ring keeps its id while unrelated parts of the graph
 * change. It changes only when the ring gains a member whose name sorts first, or loses that
 * member (then it is, arguably, a different ring).
 */
export function stableRingId(smallestName: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < smallestName.length; i++) {
    const c = smallestName.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    let k = Math.imul(c, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h2 ^= k;
    h2 = Math.imul((h2 << 13) | (h2 >>> 19), 5) + 0xe6546b64;
  }
  h2 ^= smallestName.length;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return 'ring-' + hex8(h1 >>> 0) + hex8(h2 >>> 0);
}

/**
 * Stable ids for communities 0..count-1 of `membership` (see `stableRingId`); a community of fewer
 * than `minSize` members is no ring and gets '' (hashing an id for each of a graph's singletons
 * took 4 % of scoring with the daily ring refresh, for ids nobody reads).
 */
export function stableRingIds(membership: Int32Array, count: number, names: readonly string[], minSize = 1): string[] {
  const smallest = new Array<string | undefined>(count).fill(undefined);
  const sizes = new Int32Array(count);
  for (let i = 0; i < membership.length; i++) {
    const c = membership[i];
    if (c < 0) continue;
    sizes[c]++;
    const name = names[i];
    const s = smallest[c];
    if (s === undefined || name < s) smallest[c] = name;
  }
  return smallest.map((s, c) => (sizes[c] >= minSize ? stableRingId(s ?? '') : ''));
}

function hex8(x: number): string {
  return x.toString(16).padStart(8, '0');
}
