import { GangFinder, scoreGang, type GangOptions } from '../analytics/index.js';
import type { DecidedTransfer } from '../domain/alert.js';
import { isCashChannel, isCrossBorder } from '../domain/transaction.js';
import type { FeatureConfig } from '../features/config.js';
import { BaseCurrency } from '../features/money.js';
import type { TransactionStore } from '../store/port.js';
import type { RingReport } from './rings.js';
import { DEFAULT_RING_HORIZON_MS } from './ring-refresh.js';
import { readModelFiles } from './runtime.js';

/** The finder's options, and the supervised model's review threshold when there is one. */
export interface GangCollectorOptions extends Partial<GangOptions> {
  /**
   * The supervised model's review threshold: a transfer scored at two thirds of it or more is
   * weak evidence (unless `minScore` says otherwise), and a loop the rules flag where the model
   * allowed the transfer is worth its share of half of it.
   */
  review?: number;
}

/** The review threshold of the supervised model among `--model` files, if any (see GangCollectorOptions). */
export function supervisedReview(modelFiles: string | undefined): number | undefined {
  return readModelFiles(modelFiles).find((m) => m.detection !== undefined)?.detection?.review;
}

/**
 * A gang finder for the engine's data: the burn-in is the longest feature window (until then
 * windows and pair histories are filling and every transfer looks new), amounts in the
 * base currency's major units.
 */
export class GangCollector {
  readonly finder: GangFinder;
  private readonly money: BaseCurrency;
  private transfers = 0;
  private last = -Infinity;
  private readonly started = performance.now();
  private readonly homeCountry: string;
  private readonly review: number | undefined;

  /**
   * `listed`: whether an account is listed now. An alert with only party evidence (every rule
   * that weighs is about one party: a listed account or identifier, a shared device) joins payer
   * and payee only when the payee is listed — money into a listed account (a victim, a feeder) —
   * and is no evidence otherwise: a listed customer's everyday payments, or payments sent from a
   * listed device, say nothing about who they paid. Measured on the demo bank: its fraud rings'
   * listed devices alerted every payment of their members, welding shops and friends into
   * 60-member blobs (28 of 40 planted groups found as rings; 34 of 40 with this rule).
   */
  constructor(features: FeatureConfig, options: GangCollectorOptions = {}, private readonly listed: (account: string) => boolean = () => false) {
    const longest = Math.max(...features.windowsMs, ...features.layeringWindowsMs, features.cycleWindowMs);
    const { review, ...finder } = options;
    this.review = review;
    this.finder = new GangFinder({ burnInMs: longest, ...(review !== undefined ? { minScore: (2 / 3) * review } : {}), ...finder });
    this.money = new BaseCurrency(features);
    this.homeCountry = features.homeCountry;
  }

  /** One decided transaction, in time order. */
  add(tx: DecidedTransfer['tx'], d: DecidedTransfer['decision']): void {
    this.transfers++;
    if (tx.time > this.last) this.last = tx.time;
    const reason = d.reasons.find((r) => r.accounts !== undefined);
    const pattern = reason?.accounts ? { accounts: reason.accounts, transactions: reason.transactions } : undefined;
    const outside = isCrossBorder(tx, this.homeCountry) || isCashChannel(tx.channel);
    const amount = this.money.toBase(tx.amount, tx.currency);
    if (d.decision !== 'ALLOW' && partyEvidenceOnly(d) && !this.listed(tx.to)) {
      this.finder.add(tx.id, tx.from, tx.to, tx.time, amount, 0, false, undefined, outside);
      return;
    }
    if (d.decision === 'ALLOW' && pattern !== undefined) {
      // A loop the rules flagged where the model allowed the transfer (see Scorer): it joins its
      // accounts like an alert, worth one alert from half the model's review threshold and its
      // share below (measured on AMLSim's busy set, last 20 %: loops at full weight whatever the
      // model said found 27 of 31 groups at ring precision 0.67, loops left out 24 at 0.81, this
      // 26 at 0.80 — background loops of first-time links score near 0, laundering loops 0.2–0.6).
      const weight = this.review === undefined ? 1 : Math.min(1, (2 * d.score) / this.review);
      this.finder.add(tx.id, tx.from, tx.to, tx.time, amount, d.score, true, pattern, outside, weight);
      return;
    }
    this.finder.add(tx.id, tx.from, tx.to, tx.time, amount, d.score, d.decision !== 'ALLOW', pattern, outside);
  }

  /** The rings found so far, scored and ranked by risk. */
  report(listed: { has(name: string): boolean }): RingReport {
    const rings = this.finder.rings().map((g) => ({ ...scoreGang(g, listed, this.last), evidence: g.edges, motifs: g.motifs }));
    rings.sort((a, b) => b.risk - a.risk || b.size - a.size || (a.ring < b.ring ? -1 : 1));
    const accounts = new Set(rings.flatMap((r) => r.members)).size;
    return { algorithm: 'gangs', rings, accounts, transfers: this.transfers, seconds: (performance.now() - this.started) / 1000 };
  }
}

/** True when every reason that weighs is about one party of the transaction (none about the transfer). */
function partyEvidenceOnly(d: DecidedTransfer['decision']): boolean {
  let party = false;
  for (const r of d.reasons) {
    if (r.weight <= 0) continue;
    if (r.evidence !== 'party') return false;
    party = true;
  }
  return party;
}

/** How much a store's gang collector may hold. */
export interface StoreGangLimits {
  /** Evidence transfers held before the collector is rebuilt from the last `horizonMs` of the log. */
  maxEvidence: number;
  /** Event time kept when the collector is rebuilt (the ring horizon). */
  horizonMs: number;
  /**
   * Evidence spanning more than this many horizons of event time is rebuilt from the last
   * horizon too, once the collector holds at least `minEvidence` transfers: a server running for
   * months would otherwise grow toward `maxEvidence` (about 200 MB) however steady its traffic.
   */
  spanHorizons: number;
  /** Below this many evidence transfers (about 1 MB) a rebuild for span is not worth its replay. */
  minEvidence: number;
}

/** What a store's gang collector is built with: its limits and the collector's options (the model's review threshold). */
export interface StoreGangOptions extends Partial<StoreGangLimits> {
  gangs?: GangCollectorOptions;
}

const DAY = 86_400_000;

const DEFAULT_STORE_GANG_LIMITS: Readonly<StoreGangLimits> = Object.freeze({ maxEvidence: 2_000_000, horizonMs: DEFAULT_RING_HORIZON_MS, spanHorizons: 3, minEvidence: 10_000 });

/**
 * Gangs over a store, kept current by reading only what was appended since the last read: the
 * collector holds what a replay of every stored transaction (with its stored decision, in log
 * order) would have built, without rereading the log each time. Should rows have been placed
 * behind the last one read (a stream source's positions), the count through it no longer
 * matches the rows read and the collector is rebuilt from the start of the log.
 *
 * Bounded: once the collector holds more than `maxEvidence` evidence transfers (about 100 bytes
 * each; an alert storm adds thousands a second), or its evidence spans more than `spanHorizons`
 * horizons of event time (steady traffic over months), it is rebuilt from the log's last
 * `horizonMs` of event time only — gangs older than that leave the live ring view (their ring
 * cases stay) — with the burn-in still counted from the log's first transfer. Rebuilt again only
 * once it has doubled since, so a storm inside one horizon costs one rebuild per doubling, and
 * steady traffic one replay of a horizon per `spanHorizons − 1` horizons of event time.
 * (At 5,000 transactions a second with 1 % of them evidence, the count cap alone would let the
 * collector grow by about 18 MB an hour for eleven hours.)
 */
export class StoreGangs {
  private collector: GangCollector;
  /** Place in replay of the last row read, and how many rows were read. */
  private last = 0;
  private read = 0;
  /** Full rereads of the log (the first read included), and rebuilds from the horizon. */
  rebuilds = 0;
  trims = 0;
  /** Time of the log's first row, the latest time read, and page starts at most one a day apart (time, place and rows read before the page). */
  private first = Number.NaN;
  private latest = -Infinity;
  private marks: Array<{ time: number; after: number; readBefore: number }> = [];
  private trimmedAt = 0;
  private readonly limits: StoreGangLimits;
  private readonly gangOptions: GangCollectorOptions;

  constructor(
    private readonly store: TransactionStore,
    private readonly features: FeatureConfig,
    private readonly listed: (account: string) => boolean = () => false,
    options: StoreGangOptions = {},
  ) {
    const { gangs, ...limits } = options;
    this.gangOptions = gangs ?? {};
    this.limits = { ...DEFAULT_STORE_GANG_LIMITS, ...limits };
    this.collector = new GangCollector(features, this.gangOptions, listed);
  }

  /** Rows read so far (the log as of the last `update`). */
  get rows(): number {
    return this.read;
  }

  /** Evidence transfers the collector holds now. */
  get evidence(): number {
    return this.collector.finder.evidenceCount;
  }

  /** Reads what was appended since the last call. */
  async update(): Promise<void> {
    if (this.read === 0 || (await this.store.countThrough(this.last)) !== this.read) {
      this.collector = new GangCollector(this.features, this.gangOptions, this.listed);
      this.last = 0;
      this.read = 0;
      this.first = Number.NaN;
      this.latest = -Infinity;
      this.marks = [];
      this.trimmedAt = 0;
      this.rebuilds++;
    }
    // Small pages: each one's rows die young (a page of 10,000 parsed rows outlives the
    // scavenger and piles up in the old generation while requests run between pages).
    for await (const page of this.store.replayAfter(this.last, 1000)) {
      const head = page.rows[0]?.tx.time;
      if (head !== undefined && (this.marks.length === 0 || head >= this.marks[this.marks.length - 1].time + DAY)) this.marks.push({ time: head, after: this.last, readBefore: this.read });
      for (const { tx, decision } of page.rows) {
        if (Number.isNaN(this.first)) this.first = tx.time;
        if (tx.time > this.latest) this.latest = tx.time;
        this.collector.add(tx, decision);
      }
      this.read += page.rows.length;
      this.last = page.last;
      // A store that reads synchronously (SQLite) would otherwise read every page in one turn of
      // the event loop: requests wait at most one page.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const held = this.collector.finder.evidenceCount;
    const { maxEvidence, minEvidence, spanHorizons, horizonMs } = this.limits;
    const span = this.marks.length > 0 ? this.latest - this.marks[0].time : 0;
    const due = held > maxEvidence || (held >= minEvidence && span > spanHorizons * horizonMs);
    if (due && held > 2 * this.trimmedAt) await this.trim();
  }

  /** Rebuilds the collector from the last page start at or before the horizon's start. */
  private async trim(): Promise<void> {
    const from = this.latest - this.limits.horizonMs;
    let k = 0;
    while (k + 1 < this.marks.length && this.marks[k + 1].time <= from) k++;
    const mark = this.marks[k];
    if (!mark || mark.after === 0) {
      this.trimmedAt = this.collector.finder.evidenceCount;
      return;
    }
    const collector = new GangCollector(this.features, { ...this.gangOptions, start: this.first }, this.listed);
    // Exactly the rows read since the mark: rows appended meanwhile are the next update's.
    let left = this.read - mark.readBefore;
    for await (const page of this.store.replayAfter(mark.after, 1000)) {
      for (const { tx, decision } of page.rows) {
        if (left-- <= 0) break;
        collector.add(tx, decision);
      }
      if (left <= 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.collector = collector;
    this.marks = this.marks.slice(k);
    this.trimmedAt = collector.finder.evidenceCount;
    this.trims++;
  }

  /** The rings as of the last `update`. */
  report(listed: { has(name: string): boolean }): RingReport {
    return this.collector.report(listed);
  }
}

/** Gangs over a store: every stored transaction with its stored decision, in log order. */
export async function gangsFromStore(store: TransactionStore, features: FeatureConfig, listed: { has(name: string): boolean }, gangs: GangCollectorOptions = {}): Promise<RingReport> {
  const g = new StoreGangs(store, features, (a) => listed.has(a), { gangs });
  await g.update();
  return g.report(listed);
}
