import { isCashChannel, isCrossBorder, type Transaction } from '../domain/transaction.js';
import type { FeatureConfig } from './config.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The hour of day (0–23) of time `t` on the reporting clock: UTC shifted by `dayOffsetMs`, as the day totals count days. */
export function hourOfDay(t: number, dayOffsetMs: number): number {
  return Math.floor(((((t + dayOffsetMs) % DAY) + DAY) % DAY) / HOUR);
}

/**
 * What a transfer is by itself, before any history: its PBOC reporting category (cash, a legal
 * person's transfer, a natural person's cross-border or domestic one), the large-value threshold
 * of that category and the amount's ratio to it. `read` sets the fields for one transfer (no
 * object per transfer); `write` fills the transaction block of the vector (TRANSACTION_METRICS, in
 * that order).
 */
export class TransferFacts {
  cash = false;
  crossBorder = false;
  fromLegal = false;
  threshold = 0;
  ratio = 0;
  /** At or above `nearRatio` of the threshold and under it. */
  near = false;
  /** The amount in the base currency, as last read. */
  amount = 0;

  constructor(private readonly config: FeatureConfig) {}

  /** Sets the fields for `tx`, its amount in the base currency being `amount`. */
  read(tx: Transaction, amount: number): void {
    const c = this.config;
    const th = c.thresholds;
    this.amount = amount;
    this.cash = isCashChannel(tx.channel);
    this.crossBorder = isCrossBorder(tx, c.homeCountry);
    this.fromLegal = tx.from_type === 'legal';
    this.threshold = this.cash ? th.cash : this.fromLegal ? th.legal : this.crossBorder ? th.naturalCrossBorder : th.naturalDomestic;
    this.ratio = amount / this.threshold;
    this.near = this.ratio >= c.nearRatio && this.ratio < 1;
  }

  /**
   * Writes the transaction block of `tx` (the transfer last read) at out[o]: the fields as last read, the hour of day (in the
   * config's day offset), how many accounts use the device, phone and IP, and `observedS` (seconds
   * since the first transfer seen: for rules only, never a model input).
   */
  write(out: Float64Array, o: number, tx: Transaction, devices: number, phones: number, ips: number, observedS: number): void {
    out[o] = this.amount;
    out[o + 1] = this.cash ? 1 : 0;
    out[o + 2] = this.crossBorder ? 1 : 0;
    out[o + 3] = this.fromLegal ? 1 : 0;
    out[o + 4] = tx.to_type === 'legal' ? 1 : 0;
    out[o + 5] = this.threshold;
    out[o + 6] = this.ratio;
    out[o + 7] = this.near ? 1 : 0;
    out[o + 8] = hourOfDay(tx.time, this.config.dayOffsetMs);
    out[o + 9] = devices;
    out[o + 10] = phones;
    out[o + 11] = ips;
    out[o + 12] = observedS;
  }
}
