import { SeededRandom } from '../analytics/prng.js';

/**
 * Seeded pseudo-random numbers for the demo generator: the analytics' xoshiro128** (seeded
 * through splitmix32) from a string hash (FNV-1a) of the seed, with the draws a bank needs.
 * Everything is instance state; there is no global generator and `Math.random` is never used,
 * so a seed always gives the same bank (the same bank as before the generator was shared).
 */

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  /** The generator itself: xoshiro128** as the analytics use it, seeded from the key's hash. */
  private readonly core: SeededRandom;
  /** The text the generator was seeded from; `derive` extends it. */
  readonly key: string;

  constructor(seed: number | string) {
    this.key = String(seed);
    this.core = new SeededRandom(fnv1a(this.key));
  }

  /** An independent generator for a named sub-stream: adding a stream never shifts another. */
  derive(name: string): Rng {
    return new Rng(`${this.key}/${name}`);
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    return this.core.nextUint32();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** A uniform float in [lo, hi). */
  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** A standard normal deviate (Box–Muller, one of the pair). */
  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A log-normal deviate with the given median and log-scale spread. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A Poisson deviate (Knuth for small means, a rounded normal for large ones). */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** `k` distinct items (all of them, shuffled, when k ≥ length). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i];
      copy[i] = copy[j];
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }

  /** An index drawn in proportion to weights given as a cumulative table (last = total). */
  weighted(cumulative: ArrayLike<number>): number {
    const n = cumulative.length;
    const u = this.next() * cumulative[n - 1];
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A cumulative table for `Rng.weighted`. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += Math.max(0, weights[i]);
    out[i] = sum;
  }
  return out;
}
