import { growFloat64, growInt32 } from '../graph/growable.js';

const DAY = 86_400_000;

/**
 * Per-account cumulative amounts of the current reporting day in the PBOC categories:
 * cash, domestic transfers, cross-border transfers. A new day resets the account's totals.
 */
export class DayTotals {
  day = new Int32Array(0);
  cash = new Float64Array(0);
  domestic = new Float64Array(0);
  crossBorder = new Float64Array(0);

  constructor(private readonly dayOffsetMs: number) {}

  ensureAccounts(n: number): void {
    if (n <= this.day.length) return;
    this.day = growInt32(this.day, n, -2147483648);
    this.cash = growFloat64(this.cash, n);
    this.domestic = growFloat64(this.domestic, n);
    this.crossBorder = growFloat64(this.crossBorder, n);
  }

  dayOf(t: number): number {
    return Math.floor((t + this.dayOffsetMs) / DAY);
  }

  /** Moves the account to `day`, zeroing its totals when the day is newer. */
  roll(account: number, day: number): void {
    if (day > this.day[account]) {
      this.day[account] = day;
      this.cash[account] = 0;
      this.domestic[account] = 0;
      this.crossBorder[account] = 0;
    }
  }

  /**
   * Adds a transfer at time t to its accounts' totals of that day: cash to the customer's side
   * (the payee of a cash-in, else the payer), a transfer to both sides in its category.
   */
  record(s: number, r: number, t: number, amount: number, cash: boolean, cashIn: boolean, crossBorder: boolean): void {
    const day = this.dayOf(t);
    this.roll(s, day);
    this.roll(r, day);
    const totals = cash ? this.cash : crossBorder ? this.crossBorder : this.domestic;
    if (cash) totals[cashIn ? r : s] += amount;
    else {
      totals[s] += amount;
      if (r !== s) totals[r] += amount;
    }
  }
}
