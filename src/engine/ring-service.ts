import type { TransactionStore } from '../store/port.js';
import type { EngineConfig } from './config.js';
import { findPaths, findRings, type PathAnswer, type PathRequest, type RingAlgorithm, type RingReport } from './rings.js';
import { TransferLog } from './transfer-log.js';
import { StoreGangs, supervisedReview } from './gangs.js';
import type { Watchlists } from './watchlists.js';

/**
 * Batch analytics for the live server: reads the durable log into a transfer log, computes
 * rings, and answers path queries. The log is reread only when the store has grown and the
 * last read is older than `maxAgeMs`, so repeated requests cost one graph build. Gangs (what
 * the ring case filer asks for every minute) need no transfer log: their collector reads only
 * the rows appended since its last read, at most once per `maxAgeMs`. The transfer log holds the
 * whole history, so it is let go once no query has used it for `maxAgeMs`: a path query or an
 * exploration of components costs its memory while it is in use, not for the server's lifetime.
 */
export class RingService {
  private log: TransferLog | undefined;
  private logCount = -1;
  private logAt = 0;
  private logUsedAt = 0;
  private release: ReturnType<typeof setTimeout> | undefined;
  private readonly reports = new Map<RingAlgorithm, { report: RingReport; count: number }>();
  private readonly gangs: StoreGangs;
  private gangsAt = 0;

  constructor(
    private readonly store: TransactionStore,
    private readonly config: EngineConfig,
    private readonly lists: Watchlists,
    private readonly maxAgeMs = 60_000,
  ) {
    // The same evidence as `ringwatch rings --model`: the supervised model's review threshold sets what is weak evidence.
    this.gangs = new StoreGangs(store, config.features, (a) => lists.isListed('account', a), { horizonMs: config.ringHorizonMs, gangs: { review: supervisedReview(config.modelFile) } });
  }

  private async transferLog(): Promise<TransferLog> {
    this.used();
    const count = await this.store.count();
    if (this.log && (count === this.logCount || Date.now() - this.logAt < this.maxAgeMs)) return this.log;
    const log = new TransferLog(this.config.features);
    for await (const page of this.store.replay()) for (const tx of page) log.add(tx);
    this.log = log;
    this.logCount = count;
    this.logAt = Date.now();
    this.used();
    return log;
  }

  /** True while the transfer log (all of history) is held for the next query. */
  get holdsTransferLog(): boolean {
    return this.log !== undefined;
  }

  /** Marks the transfer log used now; it is dropped after `maxAgeMs` without use (the timer keeps no process alive). */
  private used(): void {
    this.logUsedAt = Date.now();
    if (this.release) return;
    const check = (): void => {
      const idle = Date.now() - this.logUsedAt;
      if (idle >= this.maxAgeMs) {
        this.log = undefined;
        this.logCount = -1;
        this.release = undefined;
        return;
      }
      this.release = setTimeout(check, this.maxAgeMs - idle);
      this.release.unref();
    };
    this.release = setTimeout(check, this.maxAgeMs);
    this.release.unref();
  }

  /** Evidence transfers the live gang finder holds (as of its last read of the log). */
  get gangEvidence(): number {
    return this.gangs.evidence;
  }

  /** The currency of ring evidence amounts (major units). */
  get baseCurrency(): string {
    return this.config.features.baseCurrency;
  }

  listedAccounts(listName?: string): Set<string> {
    return this.lists.accounts(listName);
  }

  async rings(algorithm: RingAlgorithm, minSize = 3): Promise<RingReport> {
    if (algorithm === 'gangs') return this.gangRings();
    const log = await this.transferLog();
    const cached = this.reports.get(algorithm);
    if (cached && cached.count === log.size) return cached.report;
    const report = findRings(log, { algorithm, listed: this.listedAccounts(), alerted: await this.store.alertedAccounts(), minSize });
    this.reports.set(algorithm, { report, count: log.size });
    return report;
  }

  private async gangRings(): Promise<RingReport> {
    const cached = this.reports.get('gangs');
    if (cached && Date.now() - this.gangsAt < this.maxAgeMs) return cached.report;
    const started = performance.now();
    await this.gangs.update();
    this.gangsAt = Date.now();
    if (cached && cached.count === this.gangs.rows) return cached.report;
    const report = { ...this.gangs.report(this.listedAccounts()), seconds: (performance.now() - started) / 1000 };
    this.reports.set('gangs', { report, count: this.gangs.rows });
    return report;
  }

  /** Payers and payees of the given alerted transaction ids, in log order. */
  async alertedTransactions(ids: ReadonlySet<string>): Promise<string[]> {
    const log = await this.transferLog();
    const out: string[] = [];
    const seen = new Set<string>();
    for (const [id, from, to] of log.endpoints()) {
      if (!ids.has(id)) continue;
      for (const a of [from, to]) if (!seen.has(a)) (seen.add(a), out.push(a));
    }
    return out;
  }

  async paths(q: PathRequest): Promise<PathAnswer> {
    return findPaths(await this.transferLog(), q);
  }
}
