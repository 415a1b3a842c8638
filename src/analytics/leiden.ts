import { aggregate } from './aggregate.js';
import { countMarked, DEFAULT_MAX_LEVELS, DEFAULT_SEED, startingMembership, type CommunityOptions, type CommunityResult } from './community.js';
import type { Csr } from './csr.js';
import { moveNodesFast } from './local-moving.js';
import { modularity } from './modularity.js';
import { renumber, samePartition } from './partition.js';
import { SeededRandom } from './prng.js';
import { refinePartition, splitDisconnected } from './refine.js';

export interface LeidenOptions extends CommunityOptions {
  /**
   * Iterations of the whole algorithm, each starting from the previous result (default 2,
   * as igraph); 0 or less: iterate until an iteration changes nothing (at most 50).
   */
  iterations?: number;
  /** θ of the refinement's randomised merge (default 0.01, as igraph and leidenalg). */
  randomness?: number;
}

/**
 * Leiden community detection (Traag, Waltman & van Eck 2019) maximising modularity: fast
 * local moving, refinement (which guarantees every community is connected), coarsening by the
 * refined partition with the unrefined one as the coarse graph's starting partition, repeated
 * until local moving leaves every (coarse) node alone. When the refinement merges nothing,
 * the level coarsens by the unrefined partition instead (as leidenalg does), so it always
 * progresses. Deterministic for a given seed.
 *
 * Warm start (`initial` + `active`, see `CommunityOptions`): the first level moves only the
 * active nodes (and the neighbours of nodes that move), then, instead of refining, splits each
 * community that lost a node into its connected pieces and coarsens the others whole, so the
 * work at the original graph's size is one pass over the edges; coarse levels run as usual.
 */
export function leiden(g: Csr, options: LeidenOptions = {}): CommunityResult {
  const resolution = options.resolution ?? 1;
  const randomness = options.randomness ?? 0.01;
  const maxLevels = options.maxLevels ?? DEFAULT_MAX_LEVELS;
  const want = options.iterations ?? 2;
  const maxIterations = want > 0 ? want : 50;
  const rng = new SeededRandom(options.seed ?? DEFAULT_SEED);
  let membership = startingMembership(g.nodeCount, options.initial);
  let levels = 0;
  let visits = 0;
  let coarseVisits = 0;
  let iterations = 0;
  const visited = new Uint8Array(g.nodeCount);
  while (iterations < maxIterations) {
    const before = iterations > 0 ? Int32Array.from(membership) : undefined;
    const active = iterations === 0 && options.initial ? options.active : undefined;
    const run = leidenIteration(g, membership, resolution, randomness, maxLevels, rng, visited, active);
    iterations++;
    levels += run.levels;
    visits += run.visits;
    coarseVisits += run.coarseVisits;
    membership = run.membership;
    if (before && samePartition(before, membership)) break;
  }
  const communityCount = renumber(membership, g.nodeCount - 1);
  return {
    membership,
    communityCount,
    modularity: modularity(g, membership, resolution),
    levels,
    iterations,
    visits,
    visitedNodes: countMarked(visited),
    coarseVisits,
  };
}

interface IterationResult {
  membership: Int32Array;
  levels: number;
  visits: number;
  coarseVisits: number;
}

/** One Leiden iteration from the partition `start` (ids < n). */
function leidenIteration(
  g: Csr,
  start: Int32Array,
  resolution: number,
  randomness: number,
  maxLevels: number,
  rng: SeededRandom,
  visited: Uint8Array,
  active?: Int32Array,
): IterationResult {
  const n0 = g.nodeCount;
  const nodeToAgg = new Int32Array(n0);
  for (let i = 0; i < n0; i++) nodeToAgg[i] = i;
  let comm: Int32Array = Int32Array.from(start);
  let level = g;
  let levels = 0;
  let visits = 0;
  let coarseVisits = 0;
  while (levels < maxLevels) {
    const n = level.nodeCount;
    const warm = levels === 0 && active !== undefined;
    const dirty = warm ? new Uint8Array(n) : undefined;
    const stats = moveNodesFast(level, comm, resolution, rng, warm ? active : undefined, dirty, levels === 0 ? visited : undefined);
    if (levels === 0) visits += stats.visits;
    else coarseVisits += stats.visits;
    levels++;
    let refined: Int32Array;
    if (dirty) {
      // Warm start: no refinement at this level; communities that lost a node are split into
      // their connected pieces, all others coarsen whole.
      const nodeDirty = new Uint8Array(n);
      for (let i = 0; i < n; i++) nodeDirty[i] = dirty[comm[i]];
      const k = renumber(comm, n - 1);
      if (k === n) break;
      const split = new Uint8Array(k);
      for (let i = 0; i < n; i++) if (nodeDirty[i]) split[comm[i]] = 1;
      refined = splitDisconnected(level, comm, split);
      renumber(refined, 2 * n);
    } else {
      if (renumber(comm, n - 1) === n) break;
      refined = refinePartition(level, comm, resolution, randomness, rng);
    }
    const r = renumber(refined, n - 1);
    let groups: Int32Array;
    let next: Int32Array;
    let k: number;
    if (r < n) {
      groups = refined;
      k = r;
      next = new Int32Array(r);
      for (let i = 0; i < n; i++) next[refined[i]] = comm[i];
    } else {
      groups = comm;
      k = 0;
      for (let i = 0; i < n; i++) if (comm[i] >= k) k = comm[i] + 1;
      next = new Int32Array(k);
      for (let c = 0; c < k; c++) next[c] = c;
    }
    const coarse = aggregate(level, groups, k);
    for (let i = 0; i < n0; i++) nodeToAgg[i] = groups[nodeToAgg[i]];
    level = coarse;
    comm = next;
  }
  const membership = new Int32Array(n0);
  for (let i = 0; i < n0; i++) membership[i] = comm[nodeToAgg[i]];
  return { membership, levels, visits, coarseVisits };
}
