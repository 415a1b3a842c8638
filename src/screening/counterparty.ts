/**
 * Counterparty screening for transactions: the best screening score of the payer's and the
 * payee's names, as the features `from_screen_score` and `to_screen_score` (0 when a name is
 * missing or matches nothing above `floor`). Names repeat across payments, so results are kept
 * in a bounded cache (least recently used out first). Optional: the feature pipeline uses it only
 * when transactions carry counterparty names.
 */
import type { Screener } from './screener.js';

export interface CounterpartyNames {
  from_name?: string;
  to_name?: string;
  from_country?: string;
  to_country?: string;
}

export interface ScreenFeatures {
  from_screen_score: number;
  to_screen_score: number;
  /** The best list entry per side, for reasons. */
  from_list_id?: string;
  to_list_id?: string;
}

export class CounterpartyScreening {
  private readonly cache = new Map<string, { score: number; list_id?: string }>();

  constructor(private readonly screener: Screener, private readonly floor = 0.5, private readonly capacity = 100_000) {}

  private best(name: string | undefined, country: string | undefined): { score: number; list_id?: string } {
    if (!name || name.trim() === '') return { score: 0 };
    const key = `${name}\u0000${country ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const top = this.screener.screen({ query_id: '', name, country }, this.floor)[0];
    const value = top ? { score: top.score, list_id: top.list_id } : { score: 0 };
    this.cache.set(key, value);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }

  features(t: CounterpartyNames): ScreenFeatures {
    const from = this.best(t.from_name, t.from_country);
    const to = this.best(t.to_name, t.to_country);
    return { from_screen_score: from.score, to_screen_score: to.score, from_list_id: from.list_id, to_list_id: to.list_id };
  }
}
