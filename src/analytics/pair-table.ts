import { sortPairOrder } from './csr.js';

/** Unique undirected account pairs (lo < hi, sorted), with what links them. */
export interface PairTable {
  readonly count: number;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** Transfers between the two, either way, in the window. */
  readonly transfers: Int32Array;
  readonly amount: Float64Array;
  /** a·transfers + b·log1p(amount); 0 without transfers. */
  readonly transferWeight: Float64Array;
  /** Identifiers (below the super-identifier cap) both accounts use. */
  readonly sharedIdentifiers: Int32Array;
  /** transferWeight + Σ weights of shared identifiers: the CSR edge weight. */
  readonly weight: Float64Array;
}

/**
 * Sorts raw account pairs (lo < hi) and merges duplicates into a `PairTable`. Entries below
 * `firstIdent` are transfers (`rawWeight` = amount), the rest shared-identifier links
 * (`rawWeight` = the identifier's weight). Transfer weight = a·count + b·log1p(amount).
 */
export function mergePairs(
  n: number,
  lo: Int32Array,
  hi: Int32Array,
  rawWeight: Float64Array,
  raw: number,
  firstIdent: number,
  a: number,
  b: number,
): PairTable {
  const order = sortPairOrder(n, lo, hi, raw);
  let count = 0;
  for (let p = 0; p < raw; p++) {
    const e = order[p];
    if (p === 0 || lo[e] !== lo[order[p - 1]] || hi[e] !== hi[order[p - 1]]) count++;
  }
  const t = {
    count,
    lo: new Int32Array(count),
    hi: new Int32Array(count),
    transfers: new Int32Array(count),
    amount: new Float64Array(count),
    transferWeight: new Float64Array(count),
    sharedIdentifiers: new Int32Array(count),
    weight: new Float64Array(count),
  };
  const identWeight = new Float64Array(count);
  let k = -1;
  for (let p = 0; p < raw; p++) {
    const e = order[p];
    if (k < 0 || lo[e] !== t.lo[k] || hi[e] !== t.hi[k]) {
      k++;
      t.lo[k] = lo[e];
      t.hi[k] = hi[e];
    }
    if (e < firstIdent) {
      t.transfers[k]++;
      t.amount[k] += rawWeight[e];
    } else {
      t.sharedIdentifiers[k]++;
      identWeight[k] += rawWeight[e];
    }
  }
  for (let i = 0; i < count; i++) {
    const tw = t.transfers[i] > 0 ? a * t.transfers[i] + b * Math.log1p(Math.max(0, t.amount[i])) : 0;
    t.transferWeight[i] = tw;
    t.weight[i] = tw + identWeight[i];
  }
  return t;
}
