/**
 * A small open-addressing table from account id to a few float64 values, for the labels of
 * one bounded search. A search touches at most a few thousand accounts, so keeping their
 * labels here (a few hundred kilobytes, cache-resident) instead of in arrays indexed by
 * account id (one cache miss per touch) makes searches several times cheaper. Clearing is
 * O(1): slots carry the epoch of the search that filled them.
 */
export class NodeTable {
  private keys: Int32Array;
  private epochs: Int32Array;
  /** Values of slot i at i * stride .. i * stride + stride - 1. */
  vals: Float64Array;
  private mask: number;
  private epoch = 1;
  size = 0;
  /** Whether the last `insert` created its entry. */
  created = false;

  constructor(
    readonly stride: number,
    /** Initial values of a new entry. */
    private readonly initial: readonly number[],
    capacity = 1024,
  ) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Int32Array(cap);
    this.epochs = new Int32Array(cap);
    this.vals = new Float64Array(cap * stride);
    this.mask = cap - 1;
  }

  /** Empties the table. */
  clear(): void {
    if (this.epoch === 0x7fffffff) {
      this.epochs.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
    this.size = 0;
  }

  private probe(v: number): number {
    let i = Math.imul(v, 0x9e3779b1) >>> 0;
    i = (i ^ (i >>> 16)) & this.mask;
    const keys = this.keys;
    const epochs = this.epochs;
    const epoch = this.epoch;
    while (epochs[i] === epoch && keys[i] !== v) i = (i + 1) & this.mask;
    return i;
  }

  /** The slot of `v`, or -1 when absent. */
  find(v: number): number {
    const i = this.probe(v);
    return this.epochs[i] === this.epoch ? i : -1;
  }

  /** The slot of `v`, created with the initial values when absent. */
  insert(v: number): number {
    let i = this.probe(v);
    if (this.epochs[i] === this.epoch) {
      this.created = false;
      return i;
    }
    this.created = true;
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      i = this.probe(v);
    }
    this.keys[i] = v;
    this.epochs[i] = this.epoch;
    const o = i * this.stride;
    for (let j = 0; j < this.stride; j++) this.vals[o + j] = this.initial[j];
    this.size++;
    return i;
  }

  private grow(): void {
    const keys = this.keys;
    const epochs = this.epochs;
    const vals = this.vals;
    const cap = keys.length * 2;
    this.keys = new Int32Array(cap);
    this.epochs = new Int32Array(cap);
    this.vals = new Float64Array(cap * this.stride);
    this.mask = cap - 1;
    for (let j = 0; j < keys.length; j++) {
      if (epochs[j] !== this.epoch) continue;
      const i = this.probe(keys[j]);
      this.keys[i] = keys[j];
      this.epochs[i] = this.epoch;
      this.vals.set(vals.subarray(j * this.stride, (j + 1) * this.stride), i * this.stride);
    }
  }
}
