import { growFloat64 } from '../../graph/growable.js';

/**
 * Per-row log-binned histograms: an approximate quantile sketch of amounts that costs a fixed
 * `bins` counters per row (e.g. per account) and O(bins) to read a percentile. Bin b holds
 * amounts with log2(amount) in [lo + b·step, lo + (b+1)·step), the ends clamped. Counts are
 * float64 so that no bin ever saturates. Written by hand: the sketches on npm (t-digest, DDSketch)
 * keep an object per sketch, and we need one per account on typed arrays.
 */
export class LogSketch {
  counts = new Float64Array(0);
  /** Amounts added per row (the sum of its bins), so a percentile reads only the shorter side of its bin. */
  private totals = new Float64Array(0);
  rows = 0;

  constructor(
    readonly bins: number,
    readonly lo: number,
    readonly step: number,
  ) {}

  ensureRows(n: number): void {
    if (n <= this.rows) return;
    this.counts = growFloat64(this.counts, n * this.bins);
    this.rows = this.counts.length / this.bins;
    this.totals = growFloat64(this.totals, this.rows);
  }

  bin(amount: number): number {
    if (!(amount > 0)) return 0;
    const b = Math.floor((Math.log2(amount) - this.lo) / this.step);
    return b < 0 ? 0 : b >= this.bins ? this.bins - 1 : b;
  }

  add(row: number, amount: number): void {
    this.counts[row * this.bins + this.bin(amount)]++;
    this.totals[row]++;
  }

  /**
   * Share of the row's earlier amounts below `amount` (those in its bin count half), in [0, 1];
   * -1 when the row has none.
   */
  percentile(row: number, amount: number): number {
    const total = this.totals[row];
    if (total === 0) return -1;
    const base = row * this.bins;
    const b = this.bin(amount);
    const inBin = this.counts[base + b];
    // Counts are whole numbers far below 2^53, so either side's sum is exact and the two agree;
    // reading the shorter side halves the cache lines a percentile touches (a row is 6 of them).
    let below = 0;
    if (2 * b <= this.bins) {
      for (let i = base, end = base + b; i < end; i++) below += this.counts[i];
    } else {
      let above = 0;
      for (let i = base + b + 1, end = base + this.bins; i < end; i++) above += this.counts[i];
      below = total - above - inBin;
    }
    return (below + inBin / 2) / total;
  }
}

/**
 * One log-binned histogram with prefix sums in a Fenwick tree: the share of all amounts so far
 * below a given one in O(log bins), for the population percentile of every transfer.
 */
export class PopulationSketch {
  private readonly tree: Float64Array;
  private total = 0;
  private readonly shape: LogSketch;

  constructor(bins: number, lo: number, step: number) {
    this.shape = new LogSketch(bins, lo, step);
    this.tree = new Float64Array(bins + 1);
  }

  add(amount: number): void {
    for (let i = this.shape.bin(amount) + 1; i < this.tree.length; i += i & -i) this.tree[i]++;
    this.total++;
  }

  /** Amounts in bins [0, b). */
  private below(b: number): number {
    let s = 0;
    for (let i = b; i > 0; i -= i & -i) s += this.tree[i];
    return s;
  }

  /** Share of earlier amounts below `amount` (its own bin counting half); -1 when none. */
  percentile(amount: number): number {
    if (this.total === 0) return -1;
    const b = this.shape.bin(amount);
    const lo = this.below(b);
    const inBin = this.below(b + 1) - lo;
    return (lo + inBin / 2) / this.total;
  }
}
