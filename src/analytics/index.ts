/** Graph analytics: entity graph, components, Louvain/Leiden, incremental update, ring risk, path search. */
export { aggregate } from './aggregate.js';
export type { CommunityOptions, CommunityResult } from './community.js';
export { connectedComponents, ringComponents, stableRingId, stableRingIds, UnionFind } from './components.js';
export type { Components, RingComponent, RingComponentOptions, RingComponents } from './components.js';
export { csrAddEdges, csrEdges, csrFromEdges, csrFromUniquePairs, finishCsr, rowsSorted, sortPairOrder } from './csr.js';
export type { Csr } from './csr.js';
export { DEFAULT_IDENTIFIER_WEIGHTS, EntityGraphBuilder } from './entity-graph.js';
export type {
  EntityGraph,
  EntityGraphOptions,
  EntityGraphStats,
  IdentifierLink,
  IdentifierTable,
  PairTable,
  TransferColumns,
} from './entity-graph.js';
export { IncrementalCommunities, updateCommunities } from './incremental.js';
export type { IncrementalOptions, IncrementalResult } from './incremental.js';
export { leiden } from './leiden.js';
export type { LeidenOptions } from './leiden.js';
export { moveNodesFast } from './local-moving.js';
export { louvain } from './louvain.js';
export { modularity } from './modularity.js';
export { groupMembers, renumber, samePartition } from './partition.js';
export type { Grouping } from './partition.js';
export { searchPaths } from './paths.js';
export type { PathQuery, PathSearchResult, PathSubgraph, TemporalPath } from './paths.js';
export { SeededRandom } from './prng.js';
export { refinePartition } from './refine.js';
export { DEFAULT_RING_WEIGHTS, scoreRings } from './ring-risk.js';
export type { RingReason, RingReasonName, RingRisk, RingRiskInput, RingRiskOptions } from './ring-risk.js';
export { countShortCycles, internalDirectedEdges } from './short-cycles.js';
export type { CycleCount, DirectedAdjacency } from './short-cycles.js';
export { firstEdgeAtOrAfter, temporalGraphFromTransfers } from './temporal-graph.js';
export type { TemporalGraph, TemporalGraphOptions } from './temporal-graph.js';
export { DEFAULT_GANG_OPTIONS, GangFinder } from './gangs.js';
export type { Gang, GangEdge, GangMotif, GangOptions } from './gangs.js';
export { scoreGang } from './gang-risk.js';
