import { EntityGraphBuilder, UnionFind } from '../analytics/index.js';
import type { Transaction } from '../domain/transaction.js';
import type { FeatureExtractor } from '../features/extractor.js';
import { BaseCurrency } from '../features/money.js';
import { growFloat64, growInt32 } from '../graph/growable.js';
import { findRings } from './rings.js';
import type { ScorerHooks } from './scorer.js';

/**
 * Keeps the ring features current: every `periodMs` of event time it finds rings (accounts
 * joined by shared devices and phones), scores their risk, and hands each member's ring and
 * risk to the feature extractor. Refresh points depend only on the transactions' times, so
 * replay and evaluation see the same ring features as live scoring did. Alerted members are
 * left out of the risk here: replay does not re-decide.
 *
 * Cost: a union-find over the extractor's dense account ids is kept as transactions arrive
 * (an identifier joins each new user to its first user). A refresh builds the entity graph
 * only from transfers touching candidate members — accounts in an identifier component of
 * `minSize` to `maxSize` accounts; bigger components are shared-infrastructure artefacts, not
 * gangs — so it scans the transfer columns once and builds a small graph.
 */
export class RingRefresher implements ScorerHooks {
  private readonly money: BaseCurrency;
  private readonly sets = new UnionFind();
  /** Per identifier id: its first account, or -1. */
  private firstUser = new Int32Array(0);
  private src = new Int32Array(0);
  private dst = new Int32Array(0);
  private time = new Float64Array(0);
  private amount = new Float64Array(0);
  private transfers = 0;
  private readonly links: Array<[account: number, kind: string, value: string]> = [];
  private next = NaN;
  seconds = 0;

  constructor(
    private readonly features: FeatureExtractor,
    private readonly periodMs: number,
    private readonly minSize = 3,
    private readonly maxSize = 200,
  ) {
    this.money = new BaseCurrency(features.config);
  }

  before(tx: Transaction): void {
    if (Number.isNaN(this.next)) {
      this.next = tx.time + this.periodMs;
      return;
    }
    if (tx.time < this.next) return;
    this.refresh();
    while (this.next <= tx.time) this.next += this.periodMs;
  }

  after(tx: Transaction): void {
    const { from: s, to: d, device, phone } = this.features.last;
    this.ensureAccounts(Math.max(s, d) + 1);
    const i = this.transfers++;
    if (i >= this.src.length) {
      this.src = growInt32(this.src, i + 1);
      this.dst = growInt32(this.dst, i + 1);
      this.time = growFloat64(this.time, i + 1);
      this.amount = growFloat64(this.amount, i + 1);
    }
    this.src[i] = s;
    this.dst[i] = d;
    this.time[i] = tx.time;
    this.amount[i] = this.money.toBase(tx.amount, tx.currency);
    if (device >= 0) this.link(s, device, 'device', tx.device!);
    if (phone >= 0) this.link(s, phone, 'phone', tx.phone!);
  }

  private ensureAccounts(n: number): void {
    this.sets.ensure(n);
  }

  private link(account: number, ident: number, kind: string, value: string): void {
    if (ident >= this.firstUser.length) this.firstUser = growInt32(this.firstUser, ident + 1, -1);
    const first = this.firstUser[ident];
    if (first === -1) {
      this.firstUser[ident] = account;
      this.links.push([account, kind, value]);
    } else if (this.sets.find(first) !== this.sets.find(account)) {
      this.links.push([account, kind, value], [first, kind, value]);
      this.sets.union(account, first);
    }
  }

  refresh(): void {
    const started = performance.now();
    const n = this.sets.parent.length;
    const candidate = new Uint8Array(n);
    let any = false;
    for (let v = 0; v < n; v++) {
      const k = this.sets.sizeOf(v);
      if (k >= this.minSize && k <= this.maxSize) (candidate[v] = 1), (any = true);
    }
    if (!any) {
      this.features.rings.assign([]);
      return;
    }
    const names = this.features.accounts;
    const b = new EntityGraphBuilder();
    for (let i = 0; i < this.transfers; i++) {
      const s = this.src[i];
      const d = this.dst[i];
      if (candidate[s] || candidate[d]) b.addTransfer(b.addAccount(names.name(s)), b.addAccount(names.name(d)), this.time[i], this.amount[i]);
    }
    for (const [a, kind, value] of this.links) if (candidate[a]) b.addIdentifierLink(b.addAccount(names.name(a)), kind, value);
    const listed = { has: (name: string) => this.features.listed.isAccountNameListed(name) };
    const report = findRings(b.build(), { algorithm: 'components', listed, alerted: new Set(), minSize: this.minSize });
    this.features.rings.assign(report.rings);
    this.seconds += (performance.now() - started) / 1000;
  }
}
