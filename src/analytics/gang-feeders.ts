/** A transfer that fed an account: its last incoming customer transfer (see `Feeders`). */
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
 * Each account's last incoming customer transfer, by account name, for the gang finder's feeder
 * links: when an alerted transfer passes on `ratio` to 100 % of what its payer last received,
 * at most `withinMs` later, that receipt is the money's route into the alert. One reused entry
 * per account (no allocation per transfer once an account has been paid).
 */
export class Feeders {
  private readonly last = new Map<string, Receipt>();

  constructor(private readonly ratio: number, private readonly withinMs: number) {}

  /** The receipt `from` last had, before `received` records this transfer's. */
  lastOf(from: string): Receipt | undefined {
    return this.last.get(from);
  }

  /** Records `to`'s newest incoming customer transfer. */
  received(to: string, id: string, from: string, time: number, amount: number, score: number, taken: boolean): void {
    const r = this.last.get(to);
    if (r === undefined) {
      this.last.set(to, { id, from, time, amount, score, taken });
      return;
    }
    r.id = id;
    r.from = from;
    r.time = time;
    r.amount = amount;
    r.score = score;
    r.taken = taken;
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
}
