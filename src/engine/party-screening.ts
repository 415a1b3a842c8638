import { fileScreeningHits, type ScreeningFileResult, type ScreeningHit } from '../cases/screening-cases.js';
import type { CaseStore } from '../cases/store-port.js';
import type { PartyDetails } from '../domain/party.js';
import type { AuditLog } from '../security/audit.js';
import type { ScreenEntry, ScreenQuery } from '../screening/entry.js';
import type { ListVersion, ScreeningListStore } from '../screening/lists/store.js';
import type { PartyStore } from '../store/port.js';
import { partyQuery } from '../screening/parties.js';
import type { ScreeningService } from '../screening/service.js';

/**
 * Party screening that acts: the bank's parties are screened against the stored name lists (the
 * versions in force now) at the configured threshold, and every hit becomes an alert in the
 * party's screening case (cases/screening-cases.ts). Run when parties are imported (those parties)
 * and when a list gets a new version (every stored party). Hits already filed are skipped, so
 * running it again on the same list versions opens nothing.
 */

export interface PartyScreeningOutcome extends Omit<ScreeningFileResult, 'events' | 'audit'> {
  /** Parties screened (records that name somebody). */
  screened: number;
  /** Matches at or above the threshold, filed or not. */
  hits: number;
  /** The list versions screened against. */
  lists: Array<{ name: string; version: number; as_of: string }>;
}

/** The hits of these parties against the lists in force now (none when no list is stored). */
export function partyHits(service: ScreeningService, parties: Iterable<PartyDetails>, threshold: number): { hits: ScreeningHit[]; screened: number; lists: PartyScreeningOutcome['lists'] } {
  const queries: ScreenQuery[] = [];
  const byAccount = new Map<string, ScreenQuery>();
  for (const p of parties) {
    const q = partyQuery(p);
    if (!q) continue;
    queries.push(q);
    byAccount.set(q.query_id, q);
  }
  if (queries.length === 0 || service.lists().length === 0) return { hits: [], screened: queries.length, lists: [] };
  const result = service.screen(queries, { threshold });
  const versions = new Map(result.lists.map((l) => [l.name, l]));
  const hits = result.matches.map((m): ScreeningHit => {
    const q = byAccount.get(m.query_id) as ScreenQuery;
    const v = versions.get(m.list)!;
    return {
      list: m.list, list_version: v.version, list_as_of: v.as_of, score: m.score, threshold, match_reasons: m.reasons,
      query: withoutEmpty({ account: q.query_id, name: q.name, dob: q.dob, country: q.country, id_no: q.id_no }),
      entry: {
        list_id: m.entry.list_id, name: m.entry.name, kind: m.entry.kind, aliases: m.entry.aliases, country: m.entry.country,
        dob: m.entry.dob, id_no: m.entry.id_no, source: m.entry.source,
      },
    };
  });
  return { hits, screened: queries.length, lists: result.lists };
}

function withoutEmpty<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}

/** Screens the parties and files their hits into screening cases, recording each in the audit log. */
export async function screenPartiesIntoCases(
  deps: { service: ScreeningService; cases: CaseStore; threshold: number; audit?: AuditLog },
  parties: Iterable<PartyDetails>,
  now = new Date(),
): Promise<PartyScreeningOutcome> {
  const { hits, screened, lists } = partyHits(deps.service, parties, deps.threshold);
  const filed = hits.length ? await fileScreeningHits(deps.cases, hits, { now }) : { filed: [], skipped: [], opened: [], updated: [], events: [], audit: [] };
  for (const e of filed.audit) await deps.audit?.append({ actor: 'system', action: e.action, subject: e.subject, details: e.details as never });
  return { screened, hits: hits.length, lists, filed: filed.filed, skipped: filed.skipped, opened: filed.opened, updated: filed.updated };
}

/**
 * Screening where stores change: a new list version re-screens every stored party, imported
 * parties are screened as they arrive; hits go into screening cases either way. The server holds
 * one (the list import route); the CLI uses the functions above directly.
 */
export class ScreeningDesk {
  constructor(
    readonly service: ScreeningService,
    private readonly lists: ScreeningListStore,
    private readonly deps: {
      cases: CaseStore; parties: Pick<PartyStore, 'all' | 'upsert'>; threshold: () => number; audit?: AuditLog;
      /** Called after a list version is stored (the engine's counterparty screening takes it up). */
      onListChange?: () => void;
    },
  ) {}

  private screenInto(parties: Iterable<PartyDetails>): Promise<PartyScreeningOutcome> {
    return screenPartiesIntoCases({ service: this.service, cases: this.deps.cases, threshold: this.deps.threshold(), audit: this.deps.audit }, parties);
  }

  /** Stores a new version of a list (throws, storing nothing, when the entries are bad). */
  storeList(name: string, entries: readonly ScreenEntry[], meta: { asOf: string; format: string; source: string }): ListVersion {
    const version = this.lists.import(name, entries, meta);
    this.deps.onListChange?.();
    return version;
  }

  /** Re-screens every stored party against the lists now in force (after a new list version). */
  async rescreen(): Promise<PartyScreeningOutcome> {
    return this.screenInto(await this.deps.parties.all());
  }

  /** Stores party records, then screens them. */
  async importParties(records: readonly PartyDetails[]): Promise<PartyScreeningOutcome> {
    await this.deps.parties.upsert(records);
    return this.screenInto(records);
  }
}
