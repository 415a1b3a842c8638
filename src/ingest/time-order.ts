import { TRANSACTION_FIELDS, type PartyType, type Transaction } from '../domain/transaction.js';
import { growFloat64, growInt32 } from '../graph/growable.js';
import { Interner } from '../graph/interner.js';

/**
 * The optional fields a transaction may carry, in the order validation writes them: the domain's
 * field list after the nine every transaction has (so a field added there is kept here too).
 */
const OPTIONAL = TRANSACTION_FIELDS.slice(TRANSACTION_FIELDS.indexOf('to_type') + 1);
type Optional = Partial<Transaction>;

/**
 * Positions 0..n-1 ordered by time, equal times in position order. Integer times (validation
 * rounds them to milliseconds) go through a least-significant-digit radix sort of their offset
 * from the earliest, 16 bits a pass (stable, typed arrays only); other times through a stable
 * sort of the positions. On a million random times in one year: the radix sort 0.10–0.14 s, a
 * comparator sort of the positions 0.42–0.49 s (and a million-element array on the heap).
 */
export function stableTimeOrder(times: Float64Array, n: number): Int32Array {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (t < min) min = t;
    if (t > max) max = t;
    if (!Number.isInteger(t)) integral = false;
  }
  if (n === 0) return new Int32Array(0);
  if (!integral || !(max - min < 2 ** 48)) {
    return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a] - times[b]));
  }
  let order = new Int32Array(n);
  let keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    keys[i] = times[i] - min;
  }
  let nextOrder = new Int32Array(n);
  let nextKeys = new Float64Array(n);
  const starts = new Int32Array(65537);
  for (let scale = 1; scale <= max - min; scale *= 65536) {
    starts.fill(0);
    for (let k = 0; k < n; k++) starts[(Math.floor(keys[k] / scale) % 65536) + 1]++;
    for (let d = 0; d < 65536; d++) starts[d + 1] += starts[d];
    for (let k = 0; k < n; k++) {
      const j = starts[Math.floor(keys[k] / scale) % 65536]++;
      nextOrder[j] = order[k];
      nextKeys[j] = keys[k];
    }
    [order, nextOrder] = [nextOrder, order];
    [keys, nextKeys] = [nextKeys, keys];
  }
  return order;
}

/**
 * A file's transactions held until they can be replayed in event-time order (a file need not be
 * sorted; features are defined over event time). Held as columns, not as one object each: on a
 * million transfers the objects and their three strings were most of the heap, and every major
 * collection while they were scored marked them all (0.5–1.7 s a collection; `rings` on the 1M
 * benchmark file). Accounts, currencies and channels are stored once each; a transaction's
 * objects are made again, one at a time, as the replay reaches it.
 */
export class TimeOrderBuffer {
  private n = 0;
  private ids: (string | undefined)[] = [];
  private times = new Float64Array(1024);
  private amounts = new Float64Array(1024);
  private from = new Int32Array(1024);
  private to = new Int32Array(1024);
  /** Currency code << 16 | channel code << 2 | from legal << 1 | to legal. */
  private kinds = new Int32Array(1024);
  private readonly accounts = new Interner();
  private readonly currencies = new Interner();
  private readonly channels = new Interner();
  /** Optional fields of the few transactions that carry any (by position). */
  private readonly extras = new Map<number, Optional>();
  private ordered = true;
  /** Positions in event-time order, once asked for (undefined while the input is in order). */
  private order: Int32Array | undefined;
  private sorted = false;
  /** Dense ids (in `accountInterner`) of the payer and payee of the transaction `drain` yielded last. */
  lastFrom = -1;
  lastTo = -1;

  get size(): number {
    return this.n;
  }

  add(tx: Transaction): void {
    if (this.sorted) throw new Error('TimeOrderBuffer: add after the order was taken');
    const i = this.n;
    if (i === this.times.length) this.grow();
    if (i > 0 && tx.time < this.times[i - 1]) this.ordered = false;
    this.ids.push(tx.id);
    this.times[i] = tx.time;
    this.amounts[i] = tx.amount;
    this.from[i] = this.accounts.intern(tx.from);
    this.to[i] = this.accounts.intern(tx.to);
    const channel = this.channels.intern(tx.channel);
    const currency = this.currencies.intern(tx.currency);
    if (channel >= 1 << 14 || currency >= 1 << 15) throw new RangeError('more than 16,384 distinct channels or 32,768 currencies in one file');
    this.kinds[i] = (currency << 16) | (channel << 2) | (tx.from_type === 'legal' ? 2 : 0) | (tx.to_type === 'legal' ? 1 : 0);
    let extra: Optional | undefined;
    for (const f of OPTIONAL) {
      const v = tx[f];
      if (v !== undefined) (extra ??= {})[f] = v as never;
    }
    if (extra) this.extras.set(i, extra);
    this.n = i + 1;
  }

  /**
   * Every transaction in event-time order, equal times in the order they were added. Each is
   * handed over once: the buffer lets go of its id as it goes, so it can be replayed only once.
   */
  *drain(): Generator<Transaction> {
    const n = this.n;
    const order = this.timeOrder();
    for (let k = 0; k < n; k++) {
      const i = order === undefined ? k : order[k];
      const id = this.ids[i];
      if (id === undefined) throw new Error('TimeOrderBuffer: already drained');
      this.ids[i] = undefined;
      this.lastFrom = this.from[i];
      this.lastTo = this.to[i];
      yield this.transaction(i, id);
    }
  }

  /** Every account of the transactions added, by name ↔ dense id (in order of first appearance). */
  accountInterner(): Interner {
    return this.accounts;
  }

  /**
   * Positions in event-time order (equal times in the order added), or undefined when they were
   * added in that order. Computed once; adding more after this is refused.
   */
  timeOrder(): Int32Array | undefined {
    if (!this.sorted) {
      this.order = this.ordered ? undefined : stableTimeOrder(this.times, this.n);
      this.sorted = true;
    }
    return this.order;
  }

  /**
   * The columns as held, by position (see `timeOrder` for the replay order): times, amounts,
   * dense account ids (one per distinct account name, in order of first appearance in the file)
   * and the currency of each (an index into `currencies`).
   */
  columns(): { times: Float64Array; amounts: Float64Array; from: Int32Array; to: Int32Array; currency: (i: number) => number; currencies: string[] } {
    const kinds = this.kinds;
    return { times: this.times, amounts: this.amounts, from: this.from, to: this.to, currency: (i) => kinds[i] >>> 16, currencies: this.currencies.list() };
  }

  private transaction(i: number, id: string): Transaction {
    const kind = this.kinds[i];
    const tx: Transaction = {
      id,
      time: this.times[i],
      from: this.accounts.name(this.from[i]),
      to: this.accounts.name(this.to[i]),
      amount: this.amounts[i],
      currency: this.currencies.name(kind >>> 16),
      channel: this.channels.name((kind >>> 2) & 0x3fff),
      from_type: (kind & 2 ? 'legal' : 'natural') as PartyType,
      to_type: (kind & 1 ? 'legal' : 'natural') as PartyType,
    };
    if (this.extras.size > 0) {
      const extra = this.extras.get(i);
      if (extra) Object.assign(tx, extra);
    }
    return tx;
  }

  private grow(): void {
    const min = this.n + 1;
    this.times = growFloat64(this.times, min);
    this.amounts = growFloat64(this.amounts, min);
    this.from = growInt32(this.from, min);
    this.to = growInt32(this.to, min);
    this.kinds = growInt32(this.kinds, min);
  }
}
