import { sortPairOrder } from './csr.js';
import type { TransferColumns } from './entity-graph.js';

/** Directed out-adjacency (unique targets per row, ascending). */
export interface DirectedAdjacency {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/**
 * The distinct directed pairs (src → dst, src ≠ dst) of `transfers` whose endpoints share a
 * community in `membership` (entries < 0 belong to none), as out-adjacency over all n nodes.
 */
export function internalDirectedEdges(n: number, transfers: TransferColumns, membership: Int32Array): DirectedAdjacency {
  const count = transfers.count ?? transfers.src.length;
  let m = 0;
  for (let i = 0; i < count; i++) {
    const s = transfers.src[i];
    const d = transfers.dst[i];
    if (s !== d && membership[s] >= 0 && membership[s] === membership[d]) m++;
  }
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  for (let i = 0, k = 0; i < count; i++) {
    const s = transfers.src[i];
    const d = transfers.dst[i];
    if (s !== d && membership[s] >= 0 && membership[s] === membership[d]) {
      src[k] = s;
      dst[k++] = d;
    }
  }
  const order = sortPairOrder(n, src, dst, m);
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(m);
  let k = 0;
  for (let p = 0; p < m; p++) {
    const e = order[p];
    if (p > 0 && src[order[p - 1]] === src[e] && dst[order[p - 1]] === dst[e]) continue;
    targets[k++] = dst[e];
    offsets[src[e] + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  return { offsets, targets: targets.slice(0, k) };
}

export interface CycleCount {
  /** Directed simple cycles found (at most `cap`). */
  count: number;
  /** True when the cap on cycles or on work stopped the count early. */
  truncated: boolean;
}

/**
 * Counts directed simple cycles of length 2..maxLength among `members` (which must be a whole
 * community of the adjacency, so paths never leave it). Each cycle is counted once, from its
 * smallest node: a depth-first walk from s only steps to nodes > s. Stops at `cap` cycles or
 * after `workCap` edge steps.
 */
export function countShortCycles(
  adj: DirectedAdjacency,
  members: Int32Array,
  maxLength = 4,
  cap = 100,
  workCap = 200_000,
): CycleCount {
  const { offsets, targets } = adj;
  const path = new Int32Array(maxLength);
  const next = new Int32Array(maxLength);
  let count = 0;
  let work = 0;
  for (let q = 0; q < members.length; q++) {
    const s = members[q];
    // Iterative DFS: path[0] = s; next[d] is the next edge index to try at depth d.
    path[0] = s;
    next[0] = offsets[s];
    let depth = 0;
    while (depth >= 0) {
      const v = path[depth];
      const e = next[depth];
      if (e >= offsets[v + 1]) {
        depth--;
        continue;
      }
      next[depth] = e + 1;
      if (++work > workCap) return { count, truncated: true };
      const t = targets[e];
      if (t === s) {
        if (depth >= 1 && ++count >= cap) return { count, truncated: true };
        continue;
      }
      if (t < s || depth + 1 >= maxLength) continue;
      let onPath = false;
      for (let d = 1; d <= depth; d++) if (path[d] === t) onPath = true;
      if (onPath) continue;
      depth++;
      path[depth] = t;
      next[depth] = offsets[t];
    }
  }
  return { count, truncated: false };
}
