/**
 * Screening over the stored list versions for the API: one Screener per set of list versions,
 * rebuilt when a list gets a new version (or for an as-of replay), so queries never pay for it twice.
 */
import type { ScreenEntry, ScreenMatch, ScreenQuery } from './entry.js';
import { ScreeningListStore, type ListVersion } from './lists/store.js';
import { Screener } from './screener.js';

export interface ScreeningResult {
  matches: Array<ScreenMatch & { entry: ScreenEntry; list: string }>;
  lists: Array<{ name: string; version: number; as_of: string }>;
}

export class ScreeningService {
  private cached: { key: string; screener: Screener; listOf: Map<string, string>; byId: Map<string, ScreenEntry> } | undefined;

  constructor(private readonly store: ScreeningListStore, private readonly threshold: () => number) {}

  /** The stored lists with their newest version. */
  lists(): Array<{ name: string; versions: ListVersion[] }> {
    return this.store.names().map((name) => ({ name, versions: this.store.versions(name) }));
  }

  private screenerFor(asOf: string | undefined): { screener: Screener; listOf: Map<string, string>; byId: Map<string, ScreenEntry>; versions: ScreeningResult['lists'] } {
    const chosen = this.store.names().map((name) => ({ name, v: this.store.versionAt(name, asOf) })).filter((x): x is { name: string; v: ListVersion } => x.v !== undefined);
    const key = chosen.map((c) => `${c.name}@${c.v.version}`).join(',');
    const versions = chosen.map((c) => ({ name: c.name, version: c.v.version, as_of: c.v.as_of }));
    if (this.cached?.key !== key) {
      const entries: ScreenEntry[] = [];
      const listOf = new Map<string, string>();
      for (const c of chosen) {
        for (const e of this.store.load(c.name, c.v.as_of).entries) {
          entries.push(e);
          listOf.set(e.list_id, c.name);
        }
      }
      this.cached = { key, screener: new Screener(entries, { threshold: this.threshold() }), listOf, byId: new Map(entries.map((e) => [e.list_id, e])) };
    }
    return { ...this.cached, versions };
  }

  /**
   * The screener over the lists in force now, with a labeller naming an entry as `list:list_id`
   * (for transaction reasons); undefined when no list is stored.
   */
  current(): { screener: Screener; label: (listId: string) => string } | undefined {
    if (this.store.names().length === 0) return undefined;
    const { screener, listOf } = this.screenerFor(undefined);
    return { screener, label: (id) => `${listOf.get(id) ?? ''}:${id}` };
  }

  screen(queries: readonly ScreenQuery[], options: { asOf?: string; threshold?: number } = {}): ScreeningResult {
    const { screener, listOf, byId, versions } = this.screenerFor(options.asOf);
    const threshold = options.threshold ?? this.threshold();
    const matches: ScreeningResult['matches'] = [];
    for (const q of queries) {
      for (const m of screener.screen(q, threshold)) matches.push({ ...m, list: listOf.get(m.list_id) ?? '', entry: byId.get(m.list_id) as ScreenEntry });
    }
    return { matches, lists: versions };
  }
}
