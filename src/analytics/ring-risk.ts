import { stableRingIds } from './components.js';
import type { EntityGraph } from './entity-graph.js';
import { groupMembers, maxOf } from './partition.js';
import { countShortCycles, internalDirectedEdges } from './short-cycles.js';

/** The reasons a ring is scored on. */
export type RingReasonName =
  | 'listed_members'
  | 'alerted_members'
  | 'shared_identifiers'
  | 'internal_flow'
  | 'cycles'
  | 'density'
  | 'growth'
  | 'evidence'
  | 'confidence'
  | 'layering';

export interface RingReason {
  name: RingReasonName;
  /** The signal, 0–1 (see `scoreRings` for each). */
  value: number;
  /** Its weight in the score. */
  weight: number;
  /** The measure behind the signal (a count or an amount). */
  raw: number;
}

export interface RingRisk {
  ring: string;
  /** Member account names, sorted. */
  members: string[];
  size: number;
  /** Σ weight·value / Σ weight, 0–1. */
  risk: number;
  /** Reasons by contribution (weight·value), largest first. */
  reasons: RingReason[];
  /** True when the cycle count hit its cap. */
  cyclesTruncated: boolean;
}

export interface RingRiskInput {
  graph: EntityGraph;
  /** Community per account (from components, Leiden or Louvain); < 0 for none. */
  membership: Int32Array;
  /** Ring id per community id (default: `stableRingIds`). */
  ids?: readonly string[];
  /** Listed (blacklisted/watchlisted) account ids. */
  listed?: Iterable<number>;
  /** Account ids with open alerts. */
  alerted?: Iterable<number>;
  /** Start of the growth window: transfers at or after it, and members first active at or after it, are new. */
  since?: number;
}

export const DEFAULT_RING_WEIGHTS: Readonly<Record<RingReasonName, number>> = Object.freeze({
  listed_members: 3,
  alerted_members: 2,
  shared_identifiers: 2,
  internal_flow: 1.5,
  cycles: 1.5,
  density: 0.5,
  growth: 1,
  evidence: 3,
  confidence: 2,
  layering: 1,
});

export interface RingRiskOptions {
  /** Rings scored have at least this many members (default 2) … */
  minSize?: number;
  /** … and at most this many (default 10,000; larger communities are not rings). */
  maxSize?: number;
  weights?: Partial<Record<RingReasonName, number>>;
  /** Longest directed cycle counted (default 4). */
  maxCycleLength?: number;
  /** Cycles counted per ring at most (default 100). */
  cycleCap?: number;
  /** Edge steps of the cycle search per ring at most (default 200,000). */
  cycleWorkCap?: number;
  /** Cycles for a full cycles signal (default 3). */
  cycleSaturation?: number;
  /** Return only the riskiest `top` rings (default all). */
  top?: number;
}

/**
 * Scores every community of `membership` with minSize ≤ size ≤ maxSize. Signals (0–1):
 * - listed_members: listed members / size;
 * - alerted_members: alerted members / size;
 * - shared_identifiers: members sharing a (non-super) identifier with another member / size
 *   (raw: identifiers shared inside the ring);
 * - internal_flow: amount of transfers inside the ring / amount of all transfers with a member
 *   at either end, inside ones counted once (raw: the inside amount);
 * - cycles: min(1, cycles / cycleSaturation), cycles = directed simple cycles of length
 *   2..maxCycleLength over the ring's transfers, capped (raw: the count);
 * - density: linked member pairs / possible pairs (raw: linked pairs);
 * - growth: max(new members / size, new inside transfers / inside transfers), "new" meaning
 *   at or after `since` (0 when `since` is not given; raw: new members).
 * risk = Σ weight·signal / Σ weight. Sorted by risk, then size, then ring id.
 */
export function scoreRings(input: RingRiskInput, options: RingRiskOptions = {}): RingRisk[] {
  const { graph, membership } = input;
  const n = graph.accountCount;
  if (membership.length < n) throw new RangeError(`membership has ${membership.length} entries for ${n} accounts`);
  const minSize = options.minSize ?? 2;
  const maxSize = options.maxSize ?? 10_000;
  const weights = { ...DEFAULT_RING_WEIGHTS, ...options.weights };
  const cycleSaturation = options.cycleSaturation ?? 3;
  const since = input.since;

  const groups = groupMembers(membership.subarray(0, n), maxOf(membership.subarray(0, n)) + 1);
  const k = groups.communityCount;
  const ids = input.ids ?? stableRingIds(membership.subarray(0, n), k, graph.names, minSize);
  const eligible = new Uint8Array(k);
  for (let c = 0; c < k; c++) {
    const size = groups.start[c + 1] - groups.start[c];
    if (size >= minSize && size <= maxSize) eligible[c] = 1;
  }

  const listed = countFlags(n, input.listed, membership, k);
  const alerted = countFlags(n, input.alerted, membership, k);

  // Money flows, first activity, growth.
  const t = graph.transfers;
  const inside = new Float64Array(k);
  const touching = new Float64Array(k);
  const insideCount = new Int32Array(k);
  const newInside = new Int32Array(k);
  const firstSeen = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < t.count; i++) {
    const s = t.src[i];
    const d = t.dst[i];
    const a = t.amount[i];
    if (t.time[i] < firstSeen[s]) firstSeen[s] = t.time[i];
    if (t.time[i] < firstSeen[d]) firstSeen[d] = t.time[i];
    if (s === d) continue;
    const cs = membership[s];
    const cd = membership[d];
    if (cs >= 0 && cs === cd) {
      inside[cs] += a;
      touching[cs] += a;
      insideCount[cs]++;
      if (since !== undefined && t.time[i] >= since) newInside[cs]++;
    } else {
      if (cs >= 0) touching[cs] += a;
      if (cd >= 0) touching[cd] += a;
    }
  }
  const newMembers = new Int32Array(k);
  if (since !== undefined) {
    for (let v = 0; v < n; v++) if (membership[v] >= 0 && firstSeen[v] >= since && firstSeen[v] !== Infinity) newMembers[membership[v]]++;
  }

  // Shared identifiers: per identifier, the communities holding two or more of its accounts.
  const ident = graph.identifiers;
  const sharedIdents = new Int32Array(k);
  const sharing = new Uint8Array(n);
  const seen = new Int32Array(k);
  for (let i = 0; i < ident.count; i++) {
    if (ident.isSuper[i]) continue;
    const a = ident.offsets[i];
    const b = ident.offsets[i + 1];
    if (b - a < 2) continue;
    for (let p = a; p < b; p++) {
      const c = membership[ident.accounts[p]];
      if (c >= 0) seen[c]++;
    }
    for (let p = a; p < b; p++) {
      const v = ident.accounts[p];
      const c = membership[v];
      if (c < 0) continue;
      if (seen[c] >= 2) {
        sharing[v] = 1;
        sharedIdents[c]++;
        seen[c] = -n; // counted once for this identifier
      } else if (seen[c] < 0) {
        sharing[v] = 1;
      }
    }
    for (let p = a; p < b; p++) {
      const c = membership[ident.accounts[p]];
      if (c >= 0) seen[c] = 0;
    }
  }
  const sharingMembers = new Int32Array(k);
  for (let v = 0; v < n; v++) if (sharing[v] && membership[v] >= 0) sharingMembers[membership[v]]++;

  // Density over linked pairs (transfers or shared identifiers).
  const linkedPairs = new Float64Array(k);
  const pairs = graph.pairs;
  for (let i = 0; i < pairs.count; i++) {
    const c = membership[pairs.lo[i]];
    if (c >= 0 && c === membership[pairs.hi[i]]) linkedPairs[c]++;
  }

  const adj = internalDirectedEdges(n, t, membership);
  const out: RingRisk[] = [];
  for (let c = 0; c < k; c++) {
    if (!eligible[c]) continue;
    const members = groups.members.subarray(groups.start[c], groups.start[c + 1]);
    const size = members.length;
    const cycles = countShortCycles(adj, members, options.maxCycleLength ?? 4, options.cycleCap ?? 100, options.cycleWorkCap ?? 200_000);
    const growth =
      since === undefined ? 0 : Math.max(newMembers[c] / size, insideCount[c] > 0 ? newInside[c] / insideCount[c] : 0);
    const reasons: RingReason[] = [
      reason('listed_members', listed[c] / size, weights, listed[c]),
      reason('alerted_members', alerted[c] / size, weights, alerted[c]),
      reason('shared_identifiers', sharingMembers[c] / size, weights, sharedIdents[c]),
      reason('internal_flow', touching[c] > 0 ? inside[c] / touching[c] : 0, weights, inside[c]),
      reason('cycles', Math.min(1, cycles.count / cycleSaturation), weights, cycles.count),
      reason('density', linkedPairs[c] / ((size * (size - 1)) / 2), weights, linkedPairs[c]),
      reason('growth', growth, weights, newMembers[c]),
    ];
    let num = 0;
    let den = 0;
    for (const r of reasons) {
      num += r.weight * r.value;
      den += r.weight;
    }
    reasons.sort((a, b) => b.weight * b.value - a.weight * a.value || (a.name < b.name ? -1 : 1));
    const names = Array.from(members, (v) => graph.names[v]).sort();
    out.push({ ring: ids[c], members: names, size, risk: den > 0 ? num / den : 0, reasons, cyclesTruncated: cycles.truncated });
  }
  out.sort((a, b) => b.risk - a.risk || b.size - a.size || (a.ring < b.ring ? -1 : a.ring > b.ring ? 1 : 0));
  return options.top !== undefined ? out.slice(0, options.top) : out;
}

function reason(name: RingReasonName, value: number, weights: Record<RingReasonName, number>, raw: number): RingReason {
  return { name, value: Math.min(1, Math.max(0, value)), weight: weights[name], raw };
}

/** Per community: how many distinct accounts of `ids` it holds. */
function countFlags(n: number, ids: Iterable<number> | undefined, membership: Int32Array, k: number): Int32Array {
  const counts = new Int32Array(k);
  if (!ids) return counts;
  const flag = new Uint8Array(n);
  for (const v of ids) {
    if (v < 0 || v >= n || flag[v]) continue;
    flag[v] = 1;
    if (membership[v] >= 0) counts[membership[v]]++;
  }
  return counts;
}
