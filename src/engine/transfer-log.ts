import { EntityGraphBuilder, temporalGraphFromTransfers, type EntityGraph, type EntityGraphOptions, type TemporalGraph } from '../analytics/index.js';
import type { Transaction } from '../domain/transaction.js';
import { BaseCurrency } from '../features/money.js';
import type { FeatureConfig } from '../features/config.js';

/**
 * Transfers read from the store or a file, as columns for the batch analytics: dense account
 * ids, base-currency amounts, transaction ids, and the identifiers each sender used.
 */
export class TransferLog {
  readonly builder: EntityGraphBuilder;
  readonly txIds: string[] = [];
  private src: number[] = [];
  private dst: number[] = [];
  private time: number[] = [];
  private amount: number[] = [];
  private readonly money: BaseCurrency;
  private readonly seen = new Set<string>();
  private readonly accountNames: string[] = [];

  constructor(features: FeatureConfig, options: EntityGraphOptions = {}) {
    this.builder = new EntityGraphBuilder([], options);
    this.money = new BaseCurrency(features);
  }

  get size(): number {
    return this.txIds.length;
  }

  add(tx: Transaction): void {
    if (this.seen.has(tx.id)) return;
    this.seen.add(tx.id);
    const s = this.account(tx.from);
    const d = this.account(tx.to);
    const amount = this.money.toBase(tx.amount, tx.currency);
    this.builder.addTransfer(s, d, tx.time, amount);
    this.src.push(s);
    this.dst.push(d);
    this.time.push(tx.time);
    this.amount.push(amount);
    this.txIds.push(tx.id);
    if (tx.device) this.builder.addIdentifierLink(s, 'device', tx.device);
    if (tx.phone) this.builder.addIdentifierLink(s, 'phone', tx.phone);
    // IP addresses are left out of the entity graph: NAT, office and public Wi-Fi addresses
    // join unrelated customers into one giant component. They feed the real-time ip_accounts
    // feature instead, which counts accounts per address.
  }

  private account(name: string): number {
    const id = this.builder.addAccount(name);
    if (id === this.accountNames.length) this.accountNames.push(name);
    return id;
  }

  accountId(name: string): number {
    return this.builder.accountId(name);
  }

  entityGraph(): EntityGraph {
    return this.builder.build();
  }

  /** Out-edges by time for path search (reversed: where the money came from). */
  temporalGraph(reversed = false): TemporalGraph {
    const order = this.src.map((_, i) => i).sort((a, b) => this.time[a] - this.time[b] || a - b);
    const pick = <T extends Int32Array | Float64Array>(make: (n: number) => T, from: number[]): T => {
      const out = make(order.length);
      order.forEach((k, i) => (out[i] = from[k]));
      return out;
    };
    return temporalGraphFromTransfers(
      this.builder.accountCount,
      {
        src: pick((n) => new Int32Array(n), this.src),
        dst: pick((n) => new Int32Array(n), this.dst),
        time: pick((n) => new Float64Array(n), this.time),
        amount: pick((n) => new Float64Array(n), this.amount),
      },
      { reversed, txIndex: Int32Array.from(order), names: this.names(), txIds: this.txIds },
    );
  }

  /** (transaction id, payer, payee) in log order. */
  *endpoints(): Iterable<[string, string, string]> {
    for (let i = 0; i < this.txIds.length; i++) yield [this.txIds[i], this.accountNames[this.src[i]], this.accountNames[this.dst[i]]];
  }

  names(): readonly string[] {
    return this.accountNames;
  }
}
