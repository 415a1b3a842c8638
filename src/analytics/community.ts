/** Options and results shared by the Louvain and Leiden community detectors. */

export interface CommunityOptions {
  /** Resolution γ of modularity (default 1): larger finds more, smaller communities. */
  resolution?: number;
  /** PRNG seed (default 1): same graph + options + seed → identical membership. */
  seed?: number;
  /** Upper bound on coarsening levels per iteration (default 64). */
  maxLevels?: number;
  /**
   * Starting partition (community id per node; nodes past its end, or with id < 0, start
   * alone). Without it every node starts alone.
   */
  initial?: Int32Array;
  /**
   * Warm start: the nodes to visit at the first level of the first iteration. Others are
   * visited only once a neighbour moves. Leiden then skips the refinement at that level: it
   * splits communities that lost a node into connected pieces and keeps the others whole.
   * Meant for `incremental.ts`; ignored without `initial`.
   */
  active?: Int32Array;
}

export interface CommunityResult {
  /** Community per node, renumbered 0..communityCount-1 in order of first appearance. */
  membership: Int32Array;
  communityCount: number;
  /** Newman modularity of `membership` at the requested resolution. */
  modularity: number;
  /** Coarsening levels run (summed over iterations). */
  levels: number;
  /** Leiden iterations run (1 for Louvain). */
  iterations: number;
  /** Node visits in local moving on the original (level-0) graph (a node may count twice). */
  visits: number;
  /** Distinct original nodes visited by local moving (n for a cold run). */
  visitedNodes: number;
  /** Node visits in local moving on coarsened graphs. */
  coarseVisits: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_LEVELS = 64;

/** The initial level-0 membership: `initial` where given, singletons elsewhere (ids < n). */
export function startingMembership(n: number, initial?: Int32Array): Int32Array {
  const comm = new Int32Array(n);
  if (!initial) {
    for (let i = 0; i < n; i++) comm[i] = i;
    return comm;
  }
  // Map given ids to 0..c-1, then give every other node a fresh id; all ids stay < n.
  const limit = Math.min(n, initial.length);
  let maxId = -1;
  for (let i = 0; i < limit; i++) if (initial[i] > maxId) maxId = initial[i];
  const map = new Int32Array(maxId + 1).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const c = i < limit ? initial[i] : -1;
    if (c < 0) {
      comm[i] = -1;
      continue;
    }
    if (map[c] === -1) map[c] = next++;
    comm[i] = map[c];
  }
  for (let i = 0; i < n; i++) if (comm[i] === -1) comm[i] = next++;
  return comm;
}

/** Number of set entries. */
export function countMarked(marks: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < marks.length; i++) k += marks[i];
  return k;
}
