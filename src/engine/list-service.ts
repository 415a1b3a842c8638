import type { ListEntry, ListEvent, ListKind } from '../domain/list.js';
import type { TransactionStore } from '../store/port.js';
import type { Scorer } from './scorer.js';
import type { Watchlists } from './watchlists.js';

/**
 * Changes to the blacklists and watchlists. A change takes effect for the next transaction
 * scored and is logged with the number of transactions scored before it, so replay after a
 * restart applies it at the same point and rebuilds the same features.
 */
export class ListService {
  constructor(
    readonly lists: Watchlists,
    private readonly scorer: Scorer,
    private readonly store: TransactionStore,
    private readonly onStateLost: (err: unknown) => void = () => undefined,
    /**
     * Where changes go instead (a server deciding through a stream publishes them there; the
     * stream brings them back to these lists, and to every worker, at their place in its order).
     */
    private readonly through?: (event: ListEvent) => Promise<void>,
  ) {}

  /** Adds an entry; false when that list already holds it (nothing changes). */
  async add(entry: Omit<ListEntry, 'added_at'>, now = new Date()): Promise<boolean> {
    if (this.lists.has(entry)) return false;
    const full: ListEntry = { ...entry, added_at: now.toISOString() };
    return this.change({ op: 'add', entry: full, after_transactions: this.scorer.processed });
  }

  /** Removes an entry; false when the list does not hold it. */
  async remove(list: string, kind: ListKind, value: string, now = new Date()): Promise<boolean> {
    const existing = this.lists.show(list).find((e) => e.kind === kind && e.value === value);
    if (!existing) return false;
    return this.change({ op: 'remove', entry: { ...existing, added_at: now.toISOString() }, after_transactions: this.scorer.processed });
  }

  private async change(event: ListEvent): Promise<boolean> {
    if (this.through) {
      await this.through(event);
      return true;
    }
    // Applied at once, in order with scoring; persisted before the caller hears it succeeded.
    this.lists.apply(event);
    try {
      await this.store.appendListEvent(event);
    } catch (err) {
      this.onStateLost(err);
      throw err;
    }
    return true;
  }
}
