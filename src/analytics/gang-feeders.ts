/** A transfer that fed an account: one of its incoming customer transfers (see `Feeders`). */
export interface Receipt {
  id: string;
  from: string;
  time: number;
  amount: number;
  score: number;
  /** Already evidence, or already used as a feeder link: never offered again. */
  taken: boolean;
}

/**
 * Receipts kept per account: a run of more is a collection point (a merchant, a payroll
 * account), not money gathered to be split on, and is never read as one.
 */
export const SPLIT_RECEIPTS = 6;

/**
 * A payment under this share of the run's receipts is everyday spending, not the run passed on:
 * it does not end the run (a card payment between two receipts of money being gathered), though
 * it counts in what was paid out.
 */
export const SPLIT_NOISE = 0.05;

/**
 * Accounts held before the receipt runs are first swept (see `Feeders.sweep`): about 16 MB of
 * state. The development sets (12,000–15,000 accounts, the demo bank's 5,000) stay under it.
 */
export const SWEEP_FROM = 16_384;

/** An account's current run of receipts (incoming transfers with no payment of its own between them) and what it has paid since. */
interface Inflow {
  /** The run's receipts, a ring of `SPLIT_RECEIPTS` reused entries; the newest is at (n − 1) mod SPLIT_RECEIPTS. */
  receipts: Receipt[];
  /** Receipts in the run (more than SPLIT_RECEIPTS once it overflowed), and their sum. */
  n: number;
  total: number;
  /** Sum of the payments made since the run began, and how many were more than spending (see SPLIT_NOISE). */
  out: number;
  paid: number;
}

/**
 * Incoming customer transfers per account, by account name, for the gang finder's feeder links —
 * the route of money into an alert:
 * - *pass-through*: an alerted transfer passes on `ratio` to 100 % of what its payer last
 *   received, at most `withinMs` later: that receipt fed it (`lastOf`, `feeds`);
 * - *split pass-through*: the payer received a run of one to `SPLIT_RECEIPTS` transfers (no
 *   payment of its own between them but spending, see SPLIT_NOISE) and then, within `withinMs`
 *   of the last of them, paid out two or more transfers — this alert among them — that with any
 *   spending since the run began come to `ratio` to 100 % of the run: every receipt of the run fed them
 *   but small ones (under SPLIT_NOISE of the run: a relative's pocket money is not the route)
 *   (`splitFeeds`). A layer of a stack or a scatter step passes money on in parts, never one
 *   payment matching one receipt.
 * A few reused entries per account: no allocation per transfer once an account has been paid.
 */
export class Feeders {
  private readonly flows = new Map<string, Inflow>();
  /** Latest receipt time seen, and how many accounts were kept after the last sweep. */
  private latest = -Infinity;
  private kept = 0;
  /** Sweeps run so far (see `sweep`). */
  sweeps = 0;

  constructor(
    private readonly ratio: number,
    private readonly withinMs: number,
    /** Accounts held before the first sweep (see `sweep`): below it the state is small and never swept. */
    private readonly sweepFrom = SWEEP_FROM,
  ) {}

  /** Accounts whose run of receipts is held. */
  get size(): number {
    return this.flows.size;
  }

  /** The receipt `from` last had, before `received` records this transfer's. */
  lastOf(from: string): Receipt | undefined {
    const f = this.flows.get(from);
    return f === undefined || f.n === 0 ? undefined : f.receipts[(f.n - 1) % SPLIT_RECEIPTS];
  }

  /** Records `to`'s newest incoming customer transfer (a new run when `to` has paid since its last one). */
  received(to: string, id: string, from: string, time: number, amount: number, score: number, taken: boolean): void {
    if (time > this.latest) this.latest = time;
    let f = this.flows.get(to);
    if (f === undefined) {
      if (this.flows.size >= Math.max(this.sweepFrom, 2 * this.kept)) this.sweep();
      this.flows.set(to, (f = { receipts: [], n: 0, total: 0, out: 0, paid: 0 }));
    }
    if (f.paid > 0) {
      f.n = 0;
      f.total = 0;
      f.out = 0;
      f.paid = 0;
    }
    f.total += amount;
    const slot = f.n % SPLIT_RECEIPTS;
    f.n++;
    const r = f.receipts[slot];
    if (r === undefined) {
      f.receipts[slot] = { id, from, time, amount, score, taken };
      return;
    }
    r.id = id;
    r.from = from;
    r.time = time;
    r.amount = amount;
    r.score = score;
    r.taken = taken;
  }

  /** Records a payment by `from` (before its alert, if any, is checked). */
  paid(from: string, amount: number): void {
    const f = this.flows.get(from);
    if (f === undefined || f.n === 0) return;
    f.out += amount;
    if (amount >= SPLIT_NOISE * f.total) f.paid++;
  }

  /**
   * Whether `fed` (the payer's last receipt) feeds the alerted transfer payer → `to` of `amount`
   * at `time`; marks it taken when it does (one feeder link per receipt). Not when the receipt
   * came from either end of the alert, or arrived before `since` (the finder's burn-in).
   */
  feeds(fed: Receipt, payer: string, to: string, time: number, amount: number, since: number): boolean {
    if (fed.taken || fed.from === to || fed.from === payer) return false;
    if (!(time - fed.time <= this.withinMs && fed.time >= since)) return false;
    if (!(amount <= fed.amount && amount >= this.ratio * fed.amount)) return false;
    fed.taken = true;
    return true;
  }

  /**
   * The receipts that fed the alerted transfer payer → `to` at `time` as a split pass-through
   * (see the class), each marked taken; empty when the payer's payments since its run do not
   * pass the run on. `skip` leaves out receipts from accounts that tie nothing new (the payer's
   * own ring), without taking them.
   */
  splitFeeds(payer: string, to: string, time: number, since: number, skip: (from: string) => boolean): Receipt[] {
    const f = this.flows.get(payer);
    if (f === undefined || f.paid < 2 || f.n === 0 || f.n > SPLIT_RECEIPTS) return [];
    const total = f.total;
    let latest = -Infinity;
    for (let i = 0; i < f.n; i++) {
      const r = f.receipts[i];
      if (r.time < since) return [];
      if (r.time > latest) latest = r.time;
    }
    if (!(time - latest <= this.withinMs && f.out <= total && f.out >= this.ratio * total)) return [];
    const fed: Receipt[] = [];
    for (let i = 0; i < f.n; i++) {
      const r = f.receipts[i];
      if (r.taken || r.amount < SPLIT_NOISE * total || r.from === to || r.from === payer || skip(r.from)) continue;
      r.taken = true;
      fed.push(r);
    }
    return fed;
  }

  /**
   * Drops the runs whose newest receipt is more than `withinMs` older than the latest receipt
   * seen: such a run feeds nothing as it stands (a feeder link needs an alert within `withinMs` of
   * the run's last receipt), and once dropped the account's next receipt starts a new run instead
   * of extending one gathered days before — money that sat for days is not being passed on. Runs
   * when the accounts held reach `sweepFrom`, then whenever they have doubled since the last
   * sweep, so its cost is spread over the accounts added and the state follows the accounts paid
   * in the last `withinMs`, not every account ever paid (about 1 kB each with its receipts).
   */
  private sweep(): void {
    const oldest = this.latest - this.withinMs;
    for (const [name, f] of this.flows) {
      const newest = f.n === 0 ? undefined : f.receipts[(f.n - 1) % SPLIT_RECEIPTS];
      if (newest === undefined || newest.time < oldest) this.flows.delete(name);
    }
    this.kept = this.flows.size;
    this.sweeps++;
  }
}
