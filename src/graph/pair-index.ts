/**
 * Open-addressing hash table from an ordered pair of dense ids (a, b) to an int32 value.
 * Written by hand because a JS Map keyed by a composite number or string costs an object
 * or a boxed double per entry; this keeps 12 bytes per slot in three typed arrays.
 */
export class PairIndex {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.keysA.byteLength * 3;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    let i = h & this.mask;
    const ka = this.keysA;
    const kb = this.keysB;
    while (ka[i] !== -1 && (ka[i] !== a || kb[i] !== b)) i = (i + 1) & this.mask;
    return i;
  }

  /** The value stored for (a, b), or `missing`. */
  get(a: number, b: number, missing = -1): number {
    const i = this.slot(a, b);
    return this.keysA[i] === -1 ? missing : this.values[i];
  }

  /** Stores `value` for (a, b) and returns the previous value, or `missing` when new. */
  set(a: number, b: number, value: number, missing = -1): number {
    const i = this.slot(a, b);
    if (this.keysA[i] !== -1) {
      const prev = this.values[i];
      this.values[i] = value;
      return prev;
    }
    this.insert(i, a, b, value);
    return missing;
  }

  /** The value stored for (a, b); when absent, stores `value` for it and returns `missing`. */
  getOrSet(a: number, b: number, value: number, missing = -1): number {
    const i = this.slot(a, b);
    if (this.keysA[i] !== -1) return this.values[i];
    this.insert(i, a, b, value);
    return missing;
  }

  /** Stores a new key (a, b) at its free slot i (found before any growth). */
  private insert(i: number, a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.keysA.length) {
      this.rehash();
      i = this.slot(a, b);
    }
    this.keysA[i] = a;
    this.keysB[i] = b;
    this.values[i] = value;
    this.count++;
  }

  private rehash(): void {
    const oa = this.keysA;
    const ob = this.keysB;
    const ov = this.values;
    const cap = oa.length * 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < oa.length; j++) {
      if (oa[j] === -1) continue;
      const i = this.slot(oa[j], ob[j]);
      this.keysA[i] = oa[j];
      this.keysB[i] = ob[j];
      this.values[i] = ov[j];
    }
  }
}
