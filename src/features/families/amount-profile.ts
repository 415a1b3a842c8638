import { growFloat64 } from '../../graph/growable.js';
import { E_NEXT_IN, EDGE_STRIDE as ES } from '../../graph/transfer-graph.js';
import { windowLabel } from '../config.js';
import { hourOfDay } from '../transfer-facts.js';
import type { FeatureFamily, TransferContext } from './family.js';
import { LogSketch, PopulationSketch } from './log-sketch.js';

/** Running moments of log amounts or log gaps: n, mean, M2, M3 (Welford / Terriberry). */
const N = 0;
const MEAN = 1;
const M2 = 2;
const M3 = 3;
const MOMENTS = 4;
/** Per-account scalars: last activity time, last incoming amount and its time. */
const LAST_T = 0;
const LAST_IN = 1;
const LAST_IN_T = 2;
const SCALARS = 3;
/** Per account: 24 counters by hour of day, then their total. */
const HOUR_SLOTS = 25;

function addMoment(m: Float64Array, o: number, x: number): void {
  const n1 = m[o + N];
  const n = n1 + 1;
  const delta = x - m[o + MEAN];
  const dn = delta / n;
  const term = delta * dn * n1;
  m[o + M3] += term * dn * (n - 2) - 3 * dn * m[o + M2];
  m[o + M2] += term;
  m[o + MEAN] += dn;
  m[o + N] = n;
}

function std(m: Float64Array, o: number): number {
  const n = m[o + N];
  return n < 2 ? 0 : Math.sqrt(m[o + M2] / (n - 1));
}

function skew(m: Float64Array, o: number): number {
  const n = m[o + N];
  const m2 = m[o + M2];
  return n < 3 || m2 <= 0 ? 0 : (Math.sqrt(n) * m[o + M3]) / Math.pow(m2, 1.5);
}

/** z-score of x against the moments; 0 with fewer than two observations or no spread. */
function zScore(m: Float64Array, o: number, x: number): number {
  const sd = std(m, o);
  return sd > 0 ? (x - m[o + MEAN]) / sd : 0;
}

export function amountProfileNames(passWindowsMs: readonly number[]): string[] {
  return [
    'from_out_amount_mean', 'from_out_amount_std', 'from_out_amount_skew', 'from_out_amount_z', 'from_out_amount_pct',
    'to_in_amount_z', 'to_in_amount_pct', 'amount_pop_pct',
    'from_gap_mean_s', 'from_gap_std', 'from_gap_ratio', 'to_gap_mean_s', 'to_gap_ratio',
    'from_last_in_ratio', 'from_last_in_age_s', 'from_passes_last_in', 'from_first_out', 'to_first_in',
    'from_hour_share', 'to_hour_share',
    ...passWindowsMs.map((w) => `from_same_in_${windowLabel(w)}`),
  ];
}

/**
 * Per-account behaviour, all relative to the account's own history (so it holds on any
 * currency and amount scale), as it stood before this transfer:
 * - payer's outgoing amounts: geometric mean, spread and skew of log amounts, this amount's
 *   z-score and percentile among them (`from_out_amount_*`); the payee's incoming likewise
 *   (`to_in_amount_z`, `to_in_amount_pct`); this amount's percentile among every earlier transfer
 *   (`amount_pop_pct`);
 * - inter-transfer times of each side: mean and spread of log gaps, and the current gap over the
 *   mean (`*_gap_*`);
 * - pass-through: this amount over the payer's last incoming amount and the seconds since it
 *   (`from_last_in_ratio`, `from_last_in_age_s`; `from_passes_last_in` is 1 when it is 99–101 % of it
 *   within a day: a mule passing money on), and per window W the payer's incoming transfers
 *   in (t − W, t] within 10 % of this amount (`from_same_in_W`): money in, about the same out.
 * - first activity: `from_first_out` (the payer's first payment), `to_first_in` (the payee's first receipt);
 * - time of day: `from_hour_share`, `to_hour_share`, the share of the account's earlier transfers
 *   within an hour of this local hour of day (-1 with no history).
 * Percentiles come from log-binned sketches (`LogSketch`). -1 marks "no history".
 */
export class AmountProfile implements FeatureFamily {
  readonly id = 'amount-profile';
  readonly names: readonly string[];
  private outM = new Float64Array(0);
  private inM = new Float64Array(0);
  private gapM = new Float64Array(0);
  private last = new Float64Array(0);
  private readonly outSketch = new LogSketch(48, -6, 2 / 3);
  private readonly inSketch = new LogSketch(48, -6, 2 / 3);
  private readonly population = new PopulationSketch(256, -8, 1 / 6);
  private capacity = 0;
  private readonly k: number[];

  /** Per account: its earlier transfers by local hour of day (24 counters), then their total. */
  private hours = new Float64Array(0);

  constructor(
    private readonly passWindowsMs: readonly number[],
    aggregateWindows: readonly number[],
    private readonly maxDegree: number,
    /** Offset of local time from UTC (the reporting day's), for the hour of day. */
    private readonly dayOffsetMs = 0,
  ) {
    this.names = amountProfileNames(passWindowsMs);
    this.k = passWindowsMs.map((w) => aggregateWindows.indexOf(w));
    if (this.k.some((k) => k < 0)) throw new Error('amount-profile: its windows must be aggregate windows');
  }

  ensureAccounts(n: number): void {
    if (n <= this.capacity) return;
    this.outM = growFloat64(this.outM, n * MOMENTS);
    this.inM = growFloat64(this.inM, n * MOMENTS);
    this.gapM = growFloat64(this.gapM, n * MOMENTS);
    const old = this.last.length;
    this.last = growFloat64(this.last, n * SCALARS);
    this.last.fill(NaN, old);
    this.hours = growFloat64(this.hours, n * HOUR_SLOTS);
    this.outSketch.ensureRows(n);
    this.inSketch.ensureRows(n);
    this.capacity = this.outM.length / MOMENTS;
  }

  write(c: TransferContext, out: Float64Array, o: number): number {
    const { s, r, t, amount } = c;
    const x = Math.log1p(Math.max(0, amount));
    const os = s * MOMENTS;
    const or = r * MOMENTS;
    const om = this.outM;
    const im = this.inM;
    out[o] = om[os + N] === 0 ? -1 : Math.expm1(om[os + MEAN]);
    out[o + 1] = std(om, os);
    out[o + 2] = skew(om, os);
    out[o + 3] = zScore(om, os, x);
    out[o + 4] = this.outSketch.percentile(s, amount);
    out[o + 5] = zScore(im, or, x);
    out[o + 6] = this.inSketch.percentile(r, amount);
    out[o + 7] = this.population.percentile(amount);
    const last = this.last;
    const gs = this.gap(s, t);
    const gr = r === s ? gs : this.gap(r, t);
    const g = this.gapM;
    out[o + 8] = g[os + N] === 0 ? -1 : Math.expm1(g[os + MEAN]);
    out[o + 9] = std(g, os);
    out[o + 10] = gs < 0 || g[os + N] === 0 ? -1 : (gs + 1) / (Math.expm1(g[os + MEAN]) + 1);
    out[o + 11] = g[or + N] === 0 ? -1 : Math.expm1(g[or + MEAN]);
    out[o + 12] = gr < 0 || g[or + N] === 0 ? -1 : (gr + 1) / (Math.expm1(g[or + MEAN]) + 1);
    const ls = s * SCALARS;
    const lastIn = last[ls + LAST_IN];
    out[o + 13] = Number.isNaN(lastIn) || lastIn <= 0 ? -1 : amount / lastIn;
    out[o + 14] = Number.isNaN(lastIn) ? -1 : Math.max(0, t - last[ls + LAST_IN_T]) / 1000;
    out[o + 15] = out[o + 13] >= 0.99 && out[o + 13] <= 1.01 && out[o + 14] >= 0 && out[o + 14] <= 86_400 ? 1 : 0;
    out[o + 16] = om[os + N] === 0 ? 1 : 0;
    out[o + 17] = im[or + N] === 0 ? 1 : 0;
    const hour = hourOfDay(t, this.dayOffsetMs);
    out[o + 18] = this.hourShare(s, hour);
    out[o + 19] = this.hourShare(r, hour);
    let cut = 0;
    for (let j = 0; j < this.k.length; j++) {
      const v = this.sameIn(c, this.k[j]);
      out[o + 20 + j] = v;
      if (v < 0) cut++;
    }

    // Now this transfer joins the history.
    addMoment(om, os, x);
    addMoment(im, or, x);
    this.outSketch.add(s, amount);
    this.inSketch.add(r, amount);
    this.population.add(amount);
    if (gs >= 0) addMoment(g, os, Math.log1p(gs));
    if (r !== s && gr >= 0) addMoment(g, or, Math.log1p(gr));
    const h = this.hours;
    h[s * HOUR_SLOTS + hour]++;
    h[s * HOUR_SLOTS + 24]++;
    if (r !== s) {
      h[r * HOUR_SLOTS + hour]++;
      h[r * HOUR_SLOTS + 24]++;
    }
    last[ls + LAST_T] = t;
    last[r * SCALARS + LAST_T] = t;
    last[r * SCALARS + LAST_IN] = amount;
    last[r * SCALARS + LAST_IN_T] = t;
    return cut;
  }

  /**
   * Share of the account's earlier transfers made within an hour of this local hour of day
   * (the hour before, this one, the one after); -1 when it has none. A payer who always pays in
   * office hours and now pays at 3 a.m. reads near 0.
   */
  private hourShare(a: number, hour: number): number {
    const h = this.hours;
    const o = a * HOUR_SLOTS;
    const total = h[o + 24];
    if (total === 0) return -1;
    return (h[o + ((hour + 23) % 24)] + h[o + hour] + h[o + ((hour + 1) % 24)]) / total;
  }

  /** Seconds since the account's previous transfer, or -1 when it has none. */
  private gap(a: number, t: number): number {
    const prev = this.last[a * SCALARS + LAST_T];
    return Number.isNaN(prev) ? -1 : Math.max(0, t - prev) / 1000;
  }

  /** The payer's earlier incoming transfers in window k within 10 % of this amount; -1 for a super-node. */
  private sameIn(c: TransferContext, k: number): number {
    const w = c.inW;
    const i = c.s * w.stride + k;
    if (w.count(i) > this.maxDegree) return -1;
    const rec = w.graph.rec;
    const amounts = w.graph.amounts;
    const lo = c.amount * 0.9;
    const hi = c.amount * 1.1;
    let n = 0;
    for (let x = w.ptr(i); x !== -1 && x < c.e; x = rec[x * ES + E_NEXT_IN]) {
      const a = amounts[x];
      if (a >= lo && a <= hi) n++;
    }
    return n;
  }
}
