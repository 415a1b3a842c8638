import { growUint8 } from '../../graph/growable.js';
import type { TransferGraph } from '../../graph/transfer-graph.js';
import type { WindowAggregates } from '../windows.js';

/** Which search window a super-node flag is for (bits of `SuperNodes.flags`). */
export const PATTERN_WINDOW = 1;
export const CYCLE_WINDOW = 2;
export const LISTED_WINDOW = 4;
/** Bit of the long scatter-gather windows (one bit for all of them: the longest one decides). */
export const LONG_WINDOW = 8;

/**
 * Super-node flags per account: bit w is set when the account had more than `maxDegree`
 * transfers out or in within search window w (pattern, cycle, listed), as of its last
 * transaction. Kept up to date by the extractor for the sender and receiver of each
 * transaction, so a search tests an account it meets with one byte read. An account met in a
 * search has an edge inside the search window, so its last transaction is recent enough for
 * the flag to be a close and deterministic estimate.
 */
export class SuperNodes {
  flags = new Uint8Array(0);

  constructor(
    /** Aggregate window indices of the pattern, cycle, listed and long windows (bit w for window w). */
    private readonly windows: readonly number[],
    readonly maxDegree: number,
  ) {}

  ensureAccounts(n: number): void {
    this.flags = growUint8(this.flags, n);
  }

  /** Recomputes the account's flags from its window counts (after its windows were updated). */
  update(account: number, outW: WindowAggregates, inW: WindowAggregates): void {
    const base = account * outW.stride;
    let f = 0;
    for (let w = 0; w < this.windows.length; w++) {
      const i = base + this.windows[w];
      if (outW.count(i) > this.maxDegree || inW.count(i) > this.maxDegree) f |= 1 << w;
    }
    this.flags[account] = f;
  }

  get bytes(): number {
    return this.flags.byteLength;
  }
}

/**
 * What the pattern searches read: the transfer graph, the live window aggregates of both
 * directions (their `ptr` gives each account's oldest edge still in a window, as of that
 * account's last transaction), the super-node flags and the caps. Read-only for the searches.
 */
export interface PatternGraph {
  readonly graph: TransferGraph;
  readonly outW: WindowAggregates;
  readonly inW: WindowAggregates;
  readonly superNodes: SuperNodes;
  /** Most edges one search examines. */
  readonly maxVisits: number;
  /** Aggregate window indices, shortest window first. */
  readonly ascending: Int32Array;
}

/** Aggregate window indices of `windowsMs`, shortest first. */
export function ascendingWindows(windowsMs: readonly number[]): Int32Array {
  return Int32Array.from(windowsMs.map((_, k) => k).sort((a, b) => windowsMs[a] - windowsMs[b]));
}

/**
 * Where to start walking `account`'s out-list (w = outW) or in-list (w = inW) for edges at or
 * after time `from`: an edge at which no earlier edge of the list is at or after `from`, or -1
 * when there is none. Each window pointer is a skip pointer: every edge before window k's
 * pointer was at most (last expiry − W_k) old, and the last expiry is the account's last
 * transaction, so the shortest window with (last − W_k) < `from` gives the latest safe start.
 * Out-of-order graphs fall back to the search window `k`.
 */
export function listStart(p: PatternGraph, w: WindowAggregates, account: number, k: number, from: number): number {
  const base = account * w.stride;
  const g = p.graph;
  if (g.timeOrdered) {
    const last = g.lastSeen[account];
    const asc = p.ascending;
    for (let j = 0; j < asc.length; j++) {
      const kk = asc[j];
      if (last - w.windows[kk] < from) return w.ptr(base + kk);
    }
  }
  return w.ptr(base + k);
}

/** Whether `account` is a super-node in search window `w` (PATTERN_WINDOW, CYCLE_WINDOW, LISTED_WINDOW). */
export function isSuperNode(p: PatternGraph, account: number, w: number): boolean {
  return (p.superNodes.flags[account] & w) !== 0;
}
