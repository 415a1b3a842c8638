import type { Transaction } from '../domain/transaction.js';
import type { FeatureExtractor } from '../features/extractor.js';
import { findRings } from './rings.js';
import type { ScorerHooks } from './scorer.js';
import { TransferLog } from './transfer-log.js';

/**
 * Keeps the ring features current: every `periodMs` of event time it finds rings (accounts
 * joined by shared devices and phones) over all transfers so far, scores their risk, and
 * hands each member's ring and risk to the feature extractor. Refresh points depend only on
 * the transactions' times, so replay and evaluation see the same ring features as live
 * scoring did. Alerted members are left out of the risk here: replay does not re-decide.
 */
export class RingRefresher implements ScorerHooks {
  private readonly log: TransferLog;
  private next = NaN;
  seconds = 0;

  constructor(
    private readonly features: FeatureExtractor,
    private readonly periodMs: number,
    private readonly minSize = 3,
  ) {
    this.log = new TransferLog(features.config);
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
    this.log.add(tx);
  }

  refresh(): void {
    const started = performance.now();
    const listed = { has: (name: string) => this.features.listed.isAccountNameListed(name) };
    const report = findRings(this.log, { algorithm: 'components', listed, alerted: new Set(), minSize: this.minSize });
    this.features.rings.assign(report.rings);
    this.seconds += (performance.now() - started) / 1000;
  }
}
