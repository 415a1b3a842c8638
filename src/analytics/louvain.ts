import { aggregate } from './aggregate.js';
import { countMarked, DEFAULT_MAX_LEVELS, DEFAULT_SEED, startingMembership, type CommunityOptions, type CommunityResult } from './community.js';
import type { Csr } from './csr.js';
import { moveNodesFast } from './local-moving.js';
import { modularity } from './modularity.js';
import { renumber } from './partition.js';
import { SeededRandom } from './prng.js';

/**
 * Louvain community detection (Blondel et al. 2008) maximising modularity, with queue-driven
 * local moving (each node visited in a seeded random order; a node that moves re-queues its
 * neighbours), then coarsening by community, level after level until no node moves.
 * Deterministic for a given seed. Communities may come out internally disconnected (the
 * known Louvain defect); use `leiden` where that matters.
 */
export function louvain(g: Csr, options: CommunityOptions = {}): CommunityResult {
  const resolution = options.resolution ?? 1;
  const rng = new SeededRandom(options.seed ?? DEFAULT_SEED);
  const maxLevels = options.maxLevels ?? DEFAULT_MAX_LEVELS;
  const n0 = g.nodeCount;
  const nodeToAgg = new Int32Array(n0);
  for (let i = 0; i < n0; i++) nodeToAgg[i] = i;
  let comm: Int32Array = startingMembership(n0, options.initial);
  let level = g;
  let levels = 0;
  let visits = 0;
  let coarseVisits = 0;
  const visited = new Uint8Array(n0);
  while (levels < maxLevels) {
    const queue = levels === 0 && options.initial && options.active ? options.active : undefined;
    const stats = moveNodesFast(level, comm, resolution, rng, queue, undefined, levels === 0 ? visited : undefined);
    if (levels === 0) visits += stats.visits;
    else coarseVisits += stats.visits;
    levels++;
    const k = renumber(comm, level.nodeCount - 1);
    if (k === level.nodeCount) break;
    const next = aggregate(level, comm, k);
    for (let i = 0; i < n0; i++) nodeToAgg[i] = comm[nodeToAgg[i]];
    level = next;
    comm = new Int32Array(k);
    for (let c = 0; c < k; c++) comm[c] = c;
  }
  const membership = new Int32Array(n0);
  for (let i = 0; i < n0; i++) membership[i] = comm[nodeToAgg[i]];
  const communityCount = renumber(membership, level.nodeCount - 1);
  return {
    membership,
    communityCount,
    modularity: modularity(g, membership, resolution),
    levels,
    iterations: 1,
    visits,
    visitedNodes: countMarked(visited),
    coarseVisits,
  };
}
