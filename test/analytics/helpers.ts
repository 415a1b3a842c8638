import { csrFromEdges, type Csr } from '../../src/analytics/csr.js';
import { SeededRandom } from '../../src/analytics/prng.js';

/** Two cliques of `size` nodes (0..size-1, size..2size-1) joined by one edge of weight `bridge`. */
export function twoRings(size = 6, bridge = 0.5): Csr {
  const u: number[] = [];
  const v: number[] = [];
  const w: number[] = [];
  for (const base of [0, size]) {
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) {
        u.push(base + i);
        v.push(base + j);
        w.push(1);
      }
    }
  }
  u.push(size - 1);
  v.push(size);
  w.push(bridge);
  return csrFromEdges(2 * size, Int32Array.from(u), Int32Array.from(v), Float64Array.from(w));
}

/** A planted-partition graph: groups of `groupSize`, `edges` edges, a share `mix` of them random. */
export function planted(n: number, edges: number, groupSize: number, mix: number, seed = 3): { u: Int32Array; v: Int32Array; csr: Csr } {
  const rng = new SeededRandom(seed);
  const u = new Int32Array(edges);
  const v = new Int32Array(edges);
  for (let e = 0; e < edges; e++) {
    const a = rng.int(n);
    let b = a;
    while (b === a) {
      if (rng.next() < mix) b = rng.int(n);
      else {
        const start = a - (a % groupSize);
        b = Math.min(n - 1, start + rng.int(groupSize));
      }
    }
    u[e] = a;
    v[e] = b;
  }
  return { u, v, csr: csrFromEdges(n, u, v) };
}

/** Whether every community of `membership` induces a connected subgraph of `g`. */
export function communitiesConnected(g: Csr, membership: Int32Array): boolean {
  const n = g.nodeCount;
  const seen = new Uint8Array(n);
  const rootOf = new Map<number, number>();
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const c = membership[s];
    if (rootOf.has(c)) return false; // a second piece of community c
    rootOf.set(c, s);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const x = stack.pop()!;
      for (let e = g.offsets[x]; e < g.offsets[x + 1]; e++) {
        const y = g.targets[e];
        if (!seen[y] && membership[y] === c) {
          seen[y] = 1;
          stack.push(y);
        }
      }
    }
  }
  return true;
}
