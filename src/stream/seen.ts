import { fnv1a } from './partition.js';

export interface SeenOptions {
  /** Ids are remembered exactly for this many stream sequences. */
  window?: number;
  /** Bits of the filter that remembers every id seen, approximately (fixed: memory does not grow with the stream). */
  filterBits?: number;
}

/** Exact memory of ids: the last million sequences by default (≈100 MB at most for a JS map of short ids). */
export const DEFAULT_SEEN_WINDOW = 1_000_000;
/** 2^27 bits = 16 MiB: with 5 hashes, ≈0.3 % false "maybe"s after 10 million ids, ≈4 % after 20 million. */
export const DEFAULT_FILTER_BITS = 2 ** 27;
const HASHES = 5;

/** A second, independent 32-bit string hash (djb2 xor variant), for double hashing in the filter. */
function djb2(s: string): number {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 33) ^ s.charCodeAt(i)) >>> 0;
  return h >>> 0;
}

/**
 * The ids a worker has met, in bounded memory: exactly for the last `window` stream sequences (a
 * map in sequence order, the oldest dropped as the stream moves on), and approximately for all
 * of them (a Bloom filter of fixed size, never a false "no"). `check` answers 'seen' (certainly
 * met before), 'new' (certainly not), or 'maybe' (met longer ago than the window, or a false
 * positive of the filter): the caller settles a 'maybe' against the store, which holds every
 * decided id with its stream sequence.
 */
export class SeenIds {
  private readonly recent = new Map<string, number>();
  private readonly bits: Uint32Array;
  private readonly mask: number;
  readonly window: number;
  /** True once an id has left the exact window (before that, the window knows every id). */
  private forgot = false;

  constructor(options: SeenOptions = {}) {
    this.window = Math.max(1, options.window ?? DEFAULT_SEEN_WINDOW);
    const bits = 2 ** Math.ceil(Math.log2(Math.max(1024, options.filterBits ?? DEFAULT_FILTER_BITS)));
    this.bits = new Uint32Array(bits / 32);
    this.mask = bits - 1;
  }

  /** What is known of `id` at stream sequence `seq`; then remembers it as met at `seq` (if it was not in the window). */
  check(id: string, seq: number): 'seen' | 'new' | 'maybe' {
    this.forget(seq);
    if (this.recent.has(id)) return 'seen';
    const h1 = fnv1a(id);
    const h2 = djb2(id) | 1;
    let all = true;
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.bits[word] & flag) === 0) {
        all = false;
        this.bits[word] |= flag;
      }
    }
    this.recent.set(id, seq);
    return all && this.forgot ? 'maybe' : 'new';
  }

  /** Ids held exactly now (at most about `window`). */
  get size(): number {
    return this.recent.size;
  }

  /** Drops the ids met before `seq - window` (the map keeps insertion order, which is sequence order). */
  private forget(seq: number): void {
    const horizon = seq - this.window;
    for (const [id, at] of this.recent) {
      if (at > horizon) break;
      this.recent.delete(id);
      this.forgot = true;
    }
  }
}
