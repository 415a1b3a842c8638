import { growFloat64, growInt32, growUint8 } from './growable.js';
import { PairIndex } from './pair-index.js';

/** Edge flag bits. */
export const EDGE_NEAR_THRESHOLD = 1;
export const EDGE_CASH = 2;
export const EDGE_CROSS_BORDER = 4;

/**
 * Temporal multigraph of account→account transfers, struct-of-arrays on typed arrays.
 * Every transfer is an edge index; each account has an out-list and an in-list kept as
 * singly linked lists through `nextOut`/`nextIn` in insertion order, so an edge costs a few
 * dozen bytes and windows can walk an account's history from its oldest live edge forward.
 * `nextPair` links successive edges of the same ordered pair (src, dst), which makes
 * sliding-window distinct-counterparty counts O(1) amortised.
 */
export class TransferGraph {
  edgeCount = 0;
  src = new Int32Array(0);
  dst = new Int32Array(0);
  time = new Float64Array(0);
  amount = new Float64Array(0);
  flags = new Uint8Array(0);
  nextOut = new Int32Array(0);
  nextIn = new Int32Array(0);
  nextPair = new Int32Array(0);

  accountCount = 0;
  headOut = new Int32Array(0);
  tailOut = new Int32Array(0);
  headIn = new Int32Array(0);
  tailIn = new Int32Array(0);
  firstSeen = new Float64Array(0);
  lastSeen = new Float64Array(0);

  /** (src, dst) → the latest edge of that pair. */
  readonly lastPairEdge = new PairIndex(4096);

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
    if (n <= this.src.length) return;
    this.src = growInt32(this.src, n);
    this.dst = growInt32(this.dst, n);
    this.time = growFloat64(this.time, n);
    this.amount = growFloat64(this.amount, n);
    this.flags = growUint8(this.flags, n);
    this.nextOut = growInt32(this.nextOut, n);
    this.nextIn = growInt32(this.nextIn, n);
    this.nextPair = growInt32(this.nextPair, n);
  }

  /** The previous edge of the pair (src, dst), or -1; read before `addEdge` links the new one. */
  previousPairEdge(src: number, dst: number): number {
    return this.lastPairEdge.get(src, dst);
  }

  /** Appends a transfer and returns its edge index. Accounts must exist (`ensureAccounts`). */
  addEdge(src: number, dst: number, time: number, amount: number, flags: number): number {
    const e = this.edgeCount;
    this.ensureEdges(e + 1);
    this.src[e] = src;
    this.dst[e] = dst;
    this.time[e] = time;
    this.amount[e] = amount;
    this.flags[e] = flags;
    this.nextOut[e] = -1;
    this.nextIn[e] = -1;
    this.nextPair[e] = -1;
    if (this.tailOut[src] === -1) this.headOut[src] = e;
    else this.nextOut[this.tailOut[src]] = e;
    this.tailOut[src] = e;
    if (this.tailIn[dst] === -1) this.headIn[dst] = e;
    else this.nextIn[this.tailIn[dst]] = e;
    this.tailIn[dst] = e;
    const prev = this.lastPairEdge.set(src, dst, e);
    if (prev !== -1) this.nextPair[prev] = e;
    this.edgeCount = e + 1;
    return e;
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
    const perEdge = 4 + 4 + 8 + 8 + 1 + 4 + 4 + 4;
    const edgeBytes = this.src.length * perEdge;
    const accountBytes = this.headOut.length * (4 * 4 + 8 * 2);
    const allocated = edgeBytes + accountBytes + this.lastPairEdge.bytes;
    const used = this.edgeCount * perEdge + this.lastPairEdge.size * 12 * 2;
    return { allocatedBytes: allocated, usedBytesPerEdge: this.edgeCount ? used / this.edgeCount : 0 };
  }
}
