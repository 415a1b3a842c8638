/**
 * Counterparty screening for transactions: the best screening score of the payer's and the
 * payee's names, as the features `from_screen_score` and `to_screen_score` (0 when a name is
 * missing or matches nothing above `floor`). Names repeat across payments, so results are kept
 * in a bounded cache (least recently used out first). The feature extractor calls it only for
 * transactions that carry a name; `use` swaps in the screener of new list versions (the cache is
 * emptied then).
 */
import type { Transaction } from '../domain/transaction.js';
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

interface Best {
  score: number;
  list_id?: string;
}

const NONE: Best = Object.freeze({ score: 0 });

export class CounterpartyScreening {
  private readonly cache = new Map<string, Best>();
  private screener: Screener | undefined;
  /** The entries behind the last transaction's scores (for the reasons of the rules that read them). */
  readonly last: { from?: string; to?: string } = {};

  /**
   * `label` names a list entry in reasons (e.g. `list:list_id`); by default its list_id.
   */
  constructor(screener: Screener | undefined, private readonly floor = 0.5, private readonly capacity = 100_000, private label: (listId: string) => string = (id) => id) {
    this.screener = screener;
  }

  /** Screens against another set of lists from now on (undefined: none); forgets cached names. */
  use(screener: Screener | undefined, label?: (listId: string) => string): void {
    this.screener = screener;
    if (label) this.label = label;
    this.cache.clear();
  }

  /** Whether any list is loaded. */
  get active(): boolean {
    return this.screener !== undefined;
  }

  private best(name: string | undefined, country: string | undefined): Best {
    if (!name || this.screener === undefined) return NONE;
    const key = country ? `${name}\u0000${country}` : name;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    let value = NONE;
    if (name.trim() !== '') {
      const top = this.screener.screen({ query_id: '', name, country }, this.floor)[0];
      if (top) value = { score: top.score, list_id: top.list_id };
    }
    this.cache.set(key, value);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }

  features(t: CounterpartyNames): ScreenFeatures {
    const from = this.best(t.from_name, t.from_country);
    const to = this.best(t.to_name, t.to_country);
    return { from_screen_score: from.score, to_screen_score: to.score, from_list_id: from.list_id, to_list_id: to.list_id };
  }

  /** The feature extractor's hook: both scores at out[offset…], the entries kept in `last`. */
  write(tx: Transaction, out: Float64Array, offset: number): void {
    // No country: a transaction's country is where the payee's bank is, not the payee's nationality.
    const from = this.best(tx.from_name, undefined);
    const to = this.best(tx.to_name, undefined);
    out[offset] = from.score;
    out[offset + 1] = to.score;
    this.last.from = from.list_id === undefined ? undefined : this.label(from.list_id);
    this.last.to = to.list_id === undefined ? undefined : this.label(to.list_id);
  }
}
