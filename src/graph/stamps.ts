import { growInt32 } from './growable.js';

/**
 * Per-account "seen in this search" marks that need no clearing: a search takes a fresh
 * epoch and an account is marked when its slot holds that epoch. When the epoch counter
 * would overflow, the slots are cleared once and counting starts again.
 */
export class Stamps {
  mark = new Int32Array(0);
  epoch = 0;

  ensure(n: number): void {
    this.mark = growInt32(this.mark, n);
  }

  /** Starts a new search: nothing is marked. */
  next(): number {
    if (this.epoch === 0x7fffffff) {
      this.mark.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  has(v: number): boolean {
    return this.mark[v] === this.epoch;
  }

  /** Marks `v`; returns false when it already was marked in this search. */
  add(v: number): boolean {
    if (this.mark[v] === this.epoch) return false;
    this.mark[v] = this.epoch;
    return true;
  }

  get bytes(): number {
    return this.mark.byteLength;
  }
}
