import { EntityGraphBuilder, UnionFind } from '../analytics/index.js';
import type { Transaction } from '../domain/transaction.js';
import type { FeatureExtractor } from '../features/extractor.js';
import { BaseCurrency } from '../features/money.js';
import { growInt32 } from '../graph/growable.js';
import { findRings, type RingReport } from './rings.js';
import type { ScorerHooks } from './scorer.js';

/**
 * Default ring horizon: 30 days, the engine's longest feature window and the stretch of an
 * account's transfers the live graph keeps for case evidence — so a ring's risk is read from the
 * same money flow its members' windowed features and its case's evidence show.
 */
export const DEFAULT_RING_HORIZON_MS = 30 * 86_400_000;

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
 *
 * Memory: membership comes from identifier links, kept per distinct link (an identifier's
 * first user, and each link that joined two sets: at most identifiers + accounts of them);
 * the evidence a ring is scored on — flow, cycles, density, growth — comes from the transfers
 * within `horizonMs` of event time before the refresh point. The transfer columns hold only
 * those (plus what arrived since the last compaction): when they are full, transfers older than
 * the next refresh's horizon are dropped in place, and the columns grow only when more than
 * half is still live, shrink when under an eighth is — O(1) amortised per transfer, capacity
 * under 4× the transfers of one horizon and one refresh period. A transfer counts at a refresh when its time is at or
 * after the refresh point minus the horizon, whenever it arrived and whether or not a
 * compaction has run, so results depend only on the transactions' times (replay equals live).
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
  /** Transfers dropped from the columns for being older than every later refresh's horizon. */
  dropped = 0;
  private readonly links: Array<[account: number, kind: string, value: string]> = [];
  private next = NaN;
  seconds = 0;

  constructor(
    private readonly features: FeatureExtractor,
    private readonly periodMs: number,
    /** Event time before a refresh point whose transfers a refresh reads (see the class comment). */
    readonly horizonMs = DEFAULT_RING_HORIZON_MS,
    private readonly minSize = 3,
    private readonly maxSize = 200,
  ) {
    this.money = new BaseCurrency(features.config);
    if (!(horizonMs > 0)) throw new RangeError(`ring horizon must be positive, got ${horizonMs}`);
  }

  /** Transfers held in the columns (live, or old and not yet compacted away). */
  get held(): number {
    return this.transfers;
  }

  /** Identifier links kept (per distinct link: bounded by identifiers + 2 × accounts). */
  get linkCount(): number {
    return this.links.length;
  }

  /** Capacity of the transfer columns. */
  get capacity(): number {
    return this.src.length;
  }

  /** The oldest transfer time the next refresh reads (no refresh point yet: everything). */
  private cutoff(): number {
    return Number.isNaN(this.next) ? -Infinity : this.next - this.horizonMs;
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
    if (this.transfers >= this.src.length) this.makeRoom();
    const i = this.transfers++;
    this.src[i] = s;
    this.dst[i] = d;
    this.time[i] = tx.time;
    this.amount[i] = this.money.toBase(tx.amount, tx.currency);
    if (device >= 0) this.link(s, device, 'device', tx.device!);
    if (phone >= 0) this.link(s, phone, 'phone', tx.phone!);
  }

  /**
   * The columns are full: drops the transfers no later refresh reads (refresh points only move
   * forward, so the next one's cutoff is the smallest to come), keeping order, then resizes so
   * that at least half the capacity is free.
   */
  private makeRoom(): void {
    const cutoff = this.cutoff();
    const { src, dst, time, amount } = this;
    let w = 0;
    for (let r = 0; r < this.transfers; r++) {
      if (time[r] < cutoff) continue;
      if (w !== r) {
        src[w] = src[r];
        dst[w] = dst[r];
        time[w] = time[r];
        amount[w] = amount[r];
      }
      w++;
    }
    this.dropped += this.transfers - w;
    this.transfers = w;
    const cap = src.length;
    let size = cap;
    if (w * 2 >= cap) size = Math.max(16, cap * 2);
    else if (w * 8 < cap && cap > 1024) size = cap / 2;
    if (size !== cap) {
      this.src = resize(src, new Int32Array(size), w);
      this.dst = resize(dst, new Int32Array(size), w);
      this.time = resize(time, new Float64Array(size), w);
      this.amount = resize(amount, new Float64Array(size), w);
    }
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

  /**
   * Finds and scores the rings as of the next refresh point (from the transfers within the
   * horizon before it), hands them to the ring features and returns the report (undefined
   * when no identifier component is a candidate).
   */
  refresh(): RingReport | undefined {
    const started = performance.now();
    const cutoff = this.cutoff();
    const n = this.sets.parent.length;
    const candidate = new Uint8Array(n);
    let any = false;
    for (let v = 0; v < n; v++) {
      const k = this.sets.sizeOf(v);
      if (k >= this.minSize && k <= this.maxSize) (candidate[v] = 1), (any = true);
    }
    if (!any) {
      this.features.rings.assign([]);
      return undefined;
    }
    const names = this.features.accounts;
    const b = new EntityGraphBuilder();
    for (let i = 0; i < this.transfers; i++) {
      if (this.time[i] < cutoff) continue;
      const s = this.src[i];
      const d = this.dst[i];
      if (candidate[s] || candidate[d]) b.addTransfer(b.addAccount(names.name(s)), b.addAccount(names.name(d)), this.time[i], this.amount[i]);
    }
    for (const [a, kind, value] of this.links) if (candidate[a]) b.addIdentifierLink(b.addAccount(names.name(a)), kind, value);
    const listed = { has: (name: string) => this.features.listed.isAccountNameListed(name) };
    const report = findRings(b.build(), { algorithm: 'components', listed, alerted: new Set(), minSize: this.minSize });
    this.features.rings.assign(report.rings);
    this.seconds += (performance.now() - started) / 1000;
    return report;
  }
}

/** The first `n` entries of `from` in `to` (a new column of another capacity). */
function resize<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(from: T, to: T, n: number): T {
  to.set(from.subarray(0, n) as never);
  return to;
}
