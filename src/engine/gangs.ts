import { GangFinder, scoreGang, type GangOptions } from '../analytics/index.js';
import type { Decision } from '../domain/decision.js';
import { isCrossBorder, type Transaction } from '../domain/transaction.js';
import type { FeatureConfig } from '../features/config.js';
import { isCashChannel } from '../features/extractor.js';
import { BaseCurrency } from '../features/money.js';
import type { TransactionStore } from '../store/port.js';
import type { RingReport } from './rings.js';

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

  constructor(features: FeatureConfig, options: Partial<GangOptions> = {}) {
    const longest = Math.max(...features.windowsMs, ...features.layeringWindowsMs, features.cycleWindowMs);
    this.finder = new GangFinder({ burnInMs: longest, ...options });
    this.money = new BaseCurrency(features);
    this.homeCountry = features.homeCountry;
  }

  /** One decided transaction, in time order. */
  add(tx: Transaction, d: Decision): void {
    this.transfers++;
    if (tx.time > this.last) this.last = tx.time;
    const pattern = d.reasons.find((r) => r.accounts !== undefined)?.accounts;
    this.finder.add(tx.id, tx.from, tx.to, tx.time, this.money.toBase(tx.amount, tx.currency), d.score, d.decision !== 'ALLOW', pattern, isCrossBorder(tx, this.homeCountry) || isCashChannel(tx.channel));
  }

  /** The rings found so far, scored and ranked by risk. */
  report(listed: { has(name: string): boolean }): RingReport {
    const rings = this.finder.rings().map((g) => ({ ...scoreGang(g, listed, this.last), evidence: g.edges, motifs: g.motifs }));
    rings.sort((a, b) => b.risk - a.risk || b.size - a.size || (a.ring < b.ring ? -1 : 1));
    const accounts = new Set(rings.flatMap((r) => r.members)).size;
    return { algorithm: 'gangs', rings, accounts, transfers: this.transfers, seconds: (performance.now() - this.started) / 1000 };
  }
}

/** Gangs over a store: every stored transaction with its stored decision, in log order. */
export async function gangsFromStore(store: TransactionStore, features: FeatureConfig, listed: { has(name: string): boolean }): Promise<RingReport> {
  const c = new GangCollector(features);
  for await (const page of store.replay()) {
    const scored = new Map((await store.findScored(page.map((t) => t.id))).map((x) => [x.tx.id, x.decision]));
    for (const tx of page) {
      const d = scored.get(tx.id);
      if (d) c.add(tx, d);
    }
  }
  return c.report(listed);
}
