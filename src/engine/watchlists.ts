import type { ListEntry, ListEvent, ListKind } from '../domain/list.js';

/** Receives list membership changes of accounts and identifiers (the feature state). */
export interface ListListener {
  setAccountListed(account: string, listed: boolean): void;
  setIdentifierListed(kind: 'device' | 'phone' | 'ip', value: string, listed: boolean): void;
}

function key(e: Pick<ListEntry, 'list' | 'kind' | 'value'>): string {
  return `${e.list}\u0000${e.kind}\u0000${e.value}`;
}

/**
 * The current blacklists and watchlists, folded from list events. An account or identifier
 * is "listed" while at least one list holds it; the listener hears only those transitions.
 */
export class Watchlists {
  private readonly entries = new Map<string, ListEntry>();
  private readonly holders = new Map<string, number>();

  constructor(private readonly listener?: ListListener) {}

  /** Applies one event; returns false when it changed nothing (already there / not there). */
  apply(event: ListEvent): boolean {
    const k = key(event.entry);
    if (event.op === 'add') {
      if (this.entries.has(k)) return false;
      this.entries.set(k, event.entry);
      this.count(event.entry.kind, event.entry.value, +1);
    } else {
      if (!this.entries.has(k)) return false;
      this.entries.delete(k);
      this.count(event.entry.kind, event.entry.value, -1);
    }
    return true;
  }

  has(e: Pick<ListEntry, 'list' | 'kind' | 'value'>): boolean {
    return this.entries.has(key(e));
  }

  /** Whether any list holds this account, party or identifier. */
  isListed(kind: ListKind, value: string): boolean {
    return (this.holders.get(`${kind}\u0000${value}`) ?? 0) > 0;
  }

  /** The listed account values, optionally of one list. */
  accounts(list?: string): Set<string> {
    return new Set(this.show(list).filter((e) => e.kind === 'account').map((e) => e.value));
  }

  /** Entries, optionally of one list, sorted by list, kind and value. */
  show(list?: string): ListEntry[] {
    const out = [...this.entries.values()].filter((e) => list === undefined || e.list === list);
    return out.sort((a, b) => a.list.localeCompare(b.list) || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
  }

  /** List names with their entry counts. */
  names(): Array<{ list: string; entries: number }> {
    const counts = new Map<string, number>();
    for (const e of this.entries.values()) counts.set(e.list, (counts.get(e.list) ?? 0) + 1);
    return [...counts].sort().map(([list, entries]) => ({ list, entries }));
  }

  private count(kind: ListKind, value: string, delta: number): void {
    const k = `${kind}\u0000${value}`;
    const before = this.holders.get(k) ?? 0;
    const after = before + delta;
    if (after === 0) this.holders.delete(k);
    else this.holders.set(k, after);
    if ((before === 0) === (after === 0)) return;
    const listed = after > 0;
    if (kind === 'account') this.listener?.setAccountListed(value, listed);
    else if (kind === 'device' || kind === 'phone' || kind === 'ip') this.listener?.setIdentifierListed(kind, value, listed);
  }
}
