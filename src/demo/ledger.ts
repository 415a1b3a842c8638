/** Collects generated transactions (with their labels) before they are sorted and numbered. */
import type { PartyType, Transaction } from '../domain/transaction.js';
import type { Draft, PatternLabel } from './types.js';

export class Ledger {
  readonly transactions: Transaction[] = [];
  /** Labels by transaction object; turned into labels by id once ids are assigned. */
  readonly labelOf = new Map<Transaction, PatternLabel>();
  private readonly typeOf: ReadonlyMap<string, PartyType>;
  private readonly currency: string;

  constructor(typeOf: ReadonlyMap<string, PartyType>, currency = 'CNY') {
    this.typeOf = typeOf;
    this.currency = currency;
  }

  get size(): number {
    return this.transactions.length;
  }

  /** Adds one transaction; optional fields are set only when present. */
  add(d: Draft, label?: PatternLabel): Transaction {
    if (!Number.isSafeInteger(d.amount) || d.amount <= 0) throw new RangeError(`bad amount ${d.amount}`);
    if (d.from === d.to) throw new RangeError(`self transfer ${d.from}`);
    const fromType = this.typeOf.get(d.from);
    const toType = this.typeOf.get(d.to);
    if (!fromType || !toType) throw new RangeError(`unknown account ${fromType ? d.to : d.from}`);
    const tx: Transaction = {
      id: '',
      time: d.time,
      from: d.from,
      to: d.to,
      amount: d.amount,
      currency: this.currency,
      channel: d.channel,
      from_type: fromType,
      to_type: toType,
    };
    if (d.device) tx.device = d.device;
    if (d.ip) tx.ip = d.ip;
    if (d.phone) tx.phone = d.phone;
    if (d.country) tx.country = d.country;
    this.transactions.push(tx);
    if (label) this.labelOf.set(tx, label);
    return tx;
  }
}
