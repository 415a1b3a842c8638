import { growFloat64, growInt32 } from './growable.js';
import { PairIndex } from './pair-index.js';

/** `pairLast` of a pair whose edges were all dropped by a compaction (it had edges: not a new pair). */
export const PAIR_GONE = -2;

/** Edge flag bits. */
export const EDGE_NEAR_THRESHOLD = 1;
export const EDGE_CASH = 2;
export const EDGE_CROSS_BORDER = 4;
/** The first transfer ever from its payer to its payee (a new link); never set on a self-transfer. */
export const EDGE_NEW_PAIR = 8;

/** Int32 fields of an edge record, `EDGE_STRIDE` per edge in `TransferGraph.rec`. */
export const E_SRC = 0;
export const E_DST = 1;
export const E_NEXT_OUT = 2;
export const E_NEXT_IN = 3;
export const E_NEXT_PAIR = 4;
export const E_FLAGS = 5;
export const EDGE_STRIDE = 8;
/** The time sits in int32 slots 6–7 as a float64: `recF[e * EDGE_STRIDE_F64 + E_TIME]`. */
export const E_TIME = 3;
export const EDGE_STRIDE_F64 = 4;

/**
 * Temporal multigraph of account→account transfers on typed arrays. Every transfer is an edge
 * index; each account has an out-list and an in-list kept as singly linked lists (next-out,
 * next-in) in insertion order, so windows can walk an account's history from its oldest live
 * edge forward. Next-pair links successive edges of the same ordered pair (src, dst), which
 * makes sliding-window distinct-counterparty counts O(1) amortised.
 *
 * An edge is one 32-byte record (source, destination, the three links and flags as int32 in
 * `rec`, the time as a float64 in `recF`, both views of one buffer) plus its amount in
 * `amounts`: walking a list touches one cache line per edge, not one per field. Read with the
 * accessors, or with the views and the E_* offsets in the hottest loops.
 */
export class TransferGraph {
  edgeCount = 0;
  rec = new Int32Array(0);
  recF = new Float64Array(0);
  amounts = new Float64Array(0);

  accountCount = 0;
  headOut = new Int32Array(0);
  tailOut = new Int32Array(0);
  headIn = new Int32Array(0);
  tailIn = new Int32Array(0);
  firstSeen = new Float64Array(0);
  lastSeen = new Float64Array(0);

  /** (src, dst) → dense pair id, kept for every pair ever seen (pair features are all-time). */
  readonly pairs = new PairIndex(4096);
  pairCount = 0;
  /** Per pair id: its latest edge, or PAIR_GONE once a compaction dropped it. */
  pairLast = new Int32Array(0);
  /** Per pair id: the time of its latest edge (kept when the edge is dropped). */
  pairTime = new Float64Array(0);
  /** The pair id of the edge the last `addEdge` appended. */
  lastPair = -1;
  /** Edges dropped by compactions so far; `edgeCount` counts only the live ones. */
  droppedEdges = 0;

  /** Latest edge time so far. */
  maxTime = -Infinity;
  /**
   * True while every edge came no earlier than the one before it, so that each account's lists
   * are in time order and a search may stop at the first edge past its time bound.
   */
  timeOrdered = true;

  src(e: number): number {
    return this.rec[e * EDGE_STRIDE + E_SRC];
  }

  dst(e: number): number {
    return this.rec[e * EDGE_STRIDE + E_DST];
  }

  nextOut(e: number): number {
    return this.rec[e * EDGE_STRIDE + E_NEXT_OUT];
  }

  nextIn(e: number): number {
    return this.rec[e * EDGE_STRIDE + E_NEXT_IN];
  }

  /** The next edge of the same (src, dst) pair, or -1. */
  nextPair(e: number): number {
    return this.rec[e * EDGE_STRIDE + E_NEXT_PAIR];
  }

  flags(e: number): number {
    return this.rec[e * EDGE_STRIDE + E_FLAGS];
  }

  time(e: number): number {
    return this.recF[e * EDGE_STRIDE_F64 + E_TIME];
  }

  amount(e: number): number {
    return this.amounts[e];
  }

  /** Edges the edge arrays hold before they must grow (doubling). */
  get edgeCapacity(): number {
    return this.amounts.length;
  }

  /** Makes room for dense account ids below `n`. */
  ensureAccounts(n: number): void {
    if (n <= this.accountCount) return;
    this.headOut = growInt32(this.headOut, n, -1);
    this.tailOut = growInt32(this.tailOut, n, -1);
    this.headIn = growInt32(this.headIn, n, -1);
    this.tailIn = growInt32(this.tailIn, n, -1);
    this.firstSeen = growFloat64(this.firstSeen, n, NaN);
    this.lastSeen = growFloat64(this.lastSeen, n, NaN);
    this.accountCount = n;
  }

  private ensureEdges(n: number): void {
    if (n <= this.amounts.length) return;
    this.amounts = growFloat64(this.amounts, n);
    const buffer = new ArrayBuffer(this.amounts.length * EDGE_STRIDE * 4);
    const rec = new Int32Array(buffer);
    rec.set(this.rec);
    this.rec = rec;
    this.recF = new Float64Array(buffer);
  }

  /** The dense id of the pair (src, dst), or -1 when it never had an edge. */
  pairId(src: number, dst: number): number {
    return this.pairs.get(src, dst);
  }

  /**
   * The previous edge of the pair (src, dst): -1 when there is none, PAIR_GONE when a compaction
   * dropped it; read before `addEdge` links the new one.
   */
  previousPairEdge(src: number, dst: number): number {
    const p = this.pairs.get(src, dst);
    return p === -1 ? -1 : this.pairLast[p];
  }

  /** Appends a transfer and returns its edge index. Accounts must exist (`ensureAccounts`). */
  addEdge(src: number, dst: number, time: number, amount: number, flags: number): number {
    const e = this.edgeCount;
    this.ensureEdges(e + 1);
    if (time < this.maxTime) this.timeOrdered = false;
    else this.maxTime = time;
    const rec = this.rec;
    const o = e * EDGE_STRIDE;
    rec[o + E_SRC] = src;
    rec[o + E_DST] = dst;
    rec[o + E_NEXT_OUT] = -1;
    rec[o + E_NEXT_IN] = -1;
    rec[o + E_NEXT_PAIR] = -1;
    rec[o + E_FLAGS] = flags;
    this.recF[e * EDGE_STRIDE_F64 + E_TIME] = time;
    this.amounts[e] = amount;
    if (this.tailOut[src] === -1) this.headOut[src] = e;
    else rec[this.tailOut[src] * EDGE_STRIDE + E_NEXT_OUT] = e;
    this.tailOut[src] = e;
    if (this.tailIn[dst] === -1) this.headIn[dst] = e;
    else rec[this.tailIn[dst] * EDGE_STRIDE + E_NEXT_IN] = e;
    this.tailIn[dst] = e;
    let p = this.pairs.getOrSet(src, dst, this.pairCount);
    if (p === -1) {
      p = this.pairCount++;
      if (p >= this.pairLast.length) {
        this.pairLast = growInt32(this.pairLast, p + 1);
        this.pairTime = growFloat64(this.pairTime, p + 1);
      }
    } else {
      const prev = this.pairLast[p];
      if (prev >= 0) rec[prev * EDGE_STRIDE + E_NEXT_PAIR] = e;
    }
    this.pairLast[p] = e;
    this.pairTime[p] = time;
    this.lastPair = p;
    this.edgeCount = e + 1;
    return e;
  }

  /**
   * Drops every edge no reader can reach any more and renumbers the rest, keeping their order
   * (so every "earlier edge" comparison between live edges still holds). `outFrom[a]` and
   * `inFrom[a]` are the first edge of account a's out-list and in-list that any reader may still
   * walk to (`edgeCount` or more: none); an edge survives when its payer's out-list or its payee's
   * in-list still reaches it, or when it is less than `retainMs` older than either account's
   * last activity (for readers that walk a list from its head, such as case evidence). The account lists are relinked over the survivors (so a walk from a
   * head visits what it did, less the dropped edges), pair links and the pairs' latest edges are
   * renumbered (a pair whose latest edge went reads PAIR_GONE). O(edges + accounts + pairs).
   * Returns old index → new index (-1: dropped) for the holders of edge indices to renumber.
   */
  compact(outFrom: Int32Array, inFrom: Int32Array, retainMs = 0): Int32Array {
    const n = this.edgeCount;
    const map = new Int32Array(n);
    const rec = this.rec;
    const amounts = this.amounts;
    const headOut = this.headOut;
    const tailOut = this.tailOut;
    const headIn = this.headIn;
    const tailIn = this.tailIn;
    headOut.fill(-1);
    tailOut.fill(-1);
    headIn.fill(-1);
    tailIn.fill(-1);
    let k = 0;
    for (let x = 0; x < n; x++) {
      const o = x * EDGE_STRIDE;
      const s = rec[o + E_SRC];
      const d = rec[o + E_DST];
      if (x < outFrom[s] && x < inFrom[d]) {
        const t = this.recF[x * EDGE_STRIDE_F64 + E_TIME];
        if (t < this.lastSeen[s] - retainMs && t < this.lastSeen[d] - retainMs) {
          map[x] = -1;
          continue;
        }
      }
      map[x] = k;
      const ok = k * EDGE_STRIDE;
      if (k !== x) {
        rec.copyWithin(ok, o, o + EDGE_STRIDE);
        amounts[k] = amounts[x];
      }
      rec[ok + E_NEXT_OUT] = -1;
      rec[ok + E_NEXT_IN] = -1;
      if (tailOut[s] === -1) headOut[s] = k;
      else rec[tailOut[s] * EDGE_STRIDE + E_NEXT_OUT] = k;
      tailOut[s] = k;
      if (tailIn[d] === -1) headIn[d] = k;
      else rec[tailIn[d] * EDGE_STRIDE + E_NEXT_IN] = k;
      tailIn[d] = k;
      k++;
    }
    // A later edge of the same pair has the same payer and payee, so it is behind the same
    // pointers whenever the earlier one is: pair links of reachable survivors point at survivors
    // (an edge kept only by `retainMs` may lose its link to a later dropped one: nothing walks it).
    for (let y = 0; y < k; y++) {
      const o = y * EDGE_STRIDE + E_NEXT_PAIR;
      if (rec[o] !== -1) rec[o] = map[rec[o]];
    }
    const last = this.pairLast;
    for (let p = 0; p < this.pairCount; p++) {
      const v = last[p];
      if (v >= 0) last[p] = map[v] === -1 ? PAIR_GONE : map[v];
    }
    this.droppedEdges += n - k;
    this.edgeCount = k;
    return map;
  }

  /** Records activity time; returns the previous last-seen time (NaN when new). */
  touch(account: number, time: number): number {
    const prev = this.lastSeen[account];
    if (Number.isNaN(this.firstSeen[account])) this.firstSeen[account] = time;
    else if (time < this.firstSeen[account]) this.firstSeen[account] = time;
    if (!(time <= prev)) this.lastSeen[account] = time;
    return prev;
  }

  /** Bytes held by edge arrays and the pair index, and bytes actually used per edge. */
  memory(): { allocatedBytes: number; usedBytesPerEdge: number } {
    const perEdge = EDGE_STRIDE * 4 + 8;
    const edgeBytes = this.amounts.length * perEdge;
    const accountBytes = this.headOut.length * (4 * 4 + 8 * 2);
    const pairBytes = this.pairs.bytes + this.pairLast.byteLength + this.pairTime.byteLength;
    const allocated = edgeBytes + accountBytes + pairBytes;
    const used = this.edgeCount * perEdge + this.pairs.size * (12 * 2 + 12);
    return { allocatedBytes: allocated, usedBytesPerEdge: this.edgeCount ? used / this.edgeCount : 0 };
  }
}

