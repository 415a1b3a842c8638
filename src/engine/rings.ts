import {
  leiden, louvain, ringComponents, scoreRings, searchPaths, stableRingIds,
  type EntityGraph, type GangEdge, type GangMotif, type PathSearchResult, type RingRisk,
} from '../analytics/index.js';
import type { TransferLog } from './transfer-log.js';

export type RingAlgorithm = 'gangs' | 'components' | 'leiden' | 'louvain';
export const RING_ALGORITHMS: readonly RingAlgorithm[] = ['gangs', 'components', 'leiden', 'louvain'];
/** The algorithms that partition the whole transfer graph (`findRings`); 'gangs' grows rings from evidence (`GangFinder`). */
export type GraphRingAlgorithm = Exclude<RingAlgorithm, 'gangs'>;

export interface RingOptions {
  algorithm: GraphRingAlgorithm;
  /** Listed (blacklist/watchlist) account names. */
  listed: { has(name: string): boolean };
  /** Accounts with alerts. */
  alerted: ReadonlySet<string>;
  /** Smallest ring reported. */
  minSize: number;
  /** Start of the growth window (epoch ms); default: the last 7 days of the data. */
  since?: number;
  seed?: number;
  /**
   * Components: a transfer link joins a ring when its weight (count + ¼·log1p(amount), both
   * directions) reaches this. Default Infinity — identifier links only: in a bank's transfer
   * graph, families, payroll and suppliers make almost every account one component.
   */
  strongTransferWeight?: number;
}

/** A ring with, for gangs, the evidence transfers that tie it (amounts in base-currency major units, times epoch ms). */
export interface Ring extends RingRisk {
  evidence?: readonly GangEdge[];
  /** For gangs: the patterns (cycles of first-time links) that tie members beyond the evidence transfers. */
  motifs?: readonly GangMotif[];
}

export interface RingReport {
  algorithm: RingAlgorithm;
  rings: Ring[];
  /** Modularity of the partition (Leiden and Louvain). */
  modularity?: number;
  accounts: number;
  transfers: number;
  seconds: number;
}

function ids(graph: EntityGraph, names: { has(name: string): boolean }): number[] {
  const out: number[] = [];
  graph.names.forEach((n, i) => {
    if (names.has(n)) out.push(i);
  });
  return out;
}

/**
 * Finds rings over the transfer log: stable components (identifier links and strong transfer
 * links) or Leiden/Louvain communities (seeded, deterministic), scored by ring risk with reasons.
 */
export function findRings(source: TransferLog | EntityGraph, o: RingOptions): RingReport {
  const started = performance.now();
  const graph = 'entityGraph' in source ? source.entityGraph() : source;
  let membership: Int32Array;
  let communityIds: string[];
  let modularity: number | undefined;
  if (o.algorithm === 'components') {
    const c = ringComponents(graph, { minSize: o.minSize, strongTransferWeight: o.strongTransferWeight ?? Infinity });
    membership = c.membership;
    communityIds = c.ids;
  } else {
    const r = o.algorithm === 'leiden' ? leiden(graph.csr, { seed: o.seed ?? 1 }) : louvain(graph.csr, { seed: o.seed ?? 1 });
    membership = r.membership;
    modularity = r.modularity;
    communityIds = stableRingIds(membership, r.communityCount, graph.names, o.minSize);
  }
  let since = o.since;
  if (since === undefined) {
    let last = -Infinity;
    for (let i = 0; i < graph.transfers.count; i++) last = Math.max(last, graph.transfers.time[i]);
    since = last - 7 * 86_400_000;
  }
  const rings = scoreRings({ graph, membership, ids: communityIds, listed: ids(graph, o.listed), alerted: ids(graph, o.alerted), since })
    .filter((r) => r.size >= o.minSize);
  return { algorithm: o.algorithm, rings, modularity, accounts: graph.accountCount, transfers: graph.transfers.count, seconds: (performance.now() - started) / 1000 };
}

export interface PathRequest {
  from: string;
  /** One account, or the listed accounts. */
  to: { account: string } | { accounts: ReadonlySet<string> };
  maxHops: number;
  k: number;
  /** Only transfers within this many ms before the latest one. */
  windowMs?: number;
  amountTolerance?: number;
  maxVisited: number;
  /** Search where the money came from instead of where it went. */
  upstream?: boolean;
}

export interface PathAnswer extends PathSearchResult {
  from: string;
  named: Array<{ accounts: string[]; transactions: string[]; times: string[]; amounts: number[]; hops: number }>;
}

/** Time-respecting k-shortest paths from an account to a target account or to any listed one. */
export function findPaths(log: TransferLog, q: PathRequest): PathAnswer {
  const from = log.accountId(q.from);
  if (from < 0) throw new Error(`account ${JSON.stringify(q.from)} has no transfers`);
  const names = log.names();
  let to: number | Uint8Array;
  if ('account' in q.to) {
    to = log.accountId(q.to.account);
    if (to < 0) throw new Error(`account ${JSON.stringify(q.to.account)} has no transfers`);
  } else {
    to = new Uint8Array(names.length);
    for (const n of q.to.accounts) {
      const id = log.accountId(n);
      if (id >= 0) to[id] = 1;
    }
  }
  const g = log.temporalGraph(q.upstream ?? false);
  let latest = -Infinity;
  for (let i = 0; i < g.times.length; i++) latest = Math.max(latest, Math.abs(g.times[i]));
  const startTime = q.windowMs === undefined ? undefined : latest - q.windowMs;
  const result = searchPaths(g, {
    from, to, maxHops: q.maxHops, k: q.k, maxVisited: q.maxVisited, amountTolerance: q.amountTolerance,
    ...(startTime === undefined ? {} : q.upstream ? { endTime: -startTime } : { startTime }),
  });
  return {
    ...result,
    from: q.from,
    named: result.paths.map((p) => ({
      accounts: p.nodes.map((n) => names[n]),
      transactions: p.transactions.map((t) => log.txIds[t]),
      times: p.times.map((t) => new Date(Math.abs(t)).toISOString()),
      amounts: p.amounts,
      hops: p.hops,
    })),
  };
}
