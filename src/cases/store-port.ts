import type { Case, CaseEvent, CaseOutcome, CaseState, StoredCaseEvent, AlertFields } from './case.js';
import type { Evidence } from './evidence.js';

/**
 * The storage port of case management: what cases need from a store, and nothing more.
 * `src/store/sqlite-cases.ts` implements it on the engine's SQLite file; other adapters implement
 * the same interface. The case modules never see SQL.
 */

/** An alert as held by a case. */
export interface CaseAlert extends AlertFields {
  case_id: string;
  /** The subject account the alert was grouped by, and its ring then. */
  subject: string;
  ring: string | null;
  added_at: string;
}

export interface CaseDetail {
  case: Case;
  /** Oldest alert first. */
  alerts: CaseAlert[];
  /** The whole history (actions, comments, attachments), in the order written. */
  events: StoredCaseEvent[];
  /** Every snapshot, in the order captured. */
  evidence: Evidence[];
}

/** One page of a case's alerts, history or evidence, and how many there are in all. */
export interface CasePartPage<T> {
  items: T[];
  total: number;
}

/** Where a page starts and how long it is (limit 1–10 000); `desc`: newest first. */
export interface PageRange {
  limit: number;
  offset: number;
  order?: 'asc' | 'desc';
}

/** A page range made safe for SQL: whole numbers, limit 1–10 000, offset ≥ 0. */
export function pageRange(r: PageRange): PageRange {
  const limit = Math.min(Math.max(1, Math.floor(Number.isFinite(r.limit) ? r.limit : 100)), 10_000);
  const offset = Math.max(0, Math.floor(Number.isFinite(r.offset) ? r.offset : 0));
  return { limit, offset, order: r.order === 'desc' ? 'desc' : 'asc' };
}

export const CASE_SORTS = Object.freeze(['risk', 'opened_at', 'updated_at', 'last_alert_at', 'alert_count'] as const);
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseFilter {
  state?: CaseState | readonly CaseState[];
  /** A user name, or null for unassigned cases. */
  assignee?: string | null;
  outcome?: CaseOutcome;
  /** Cases whose risk (highest alert score) is at least this. */
  min_risk?: number;
  /** Cases holding this subject account. */
  subject?: string;
  ring?: string;
  /** Cases where this account is a subject, payer or payee of an alert. */
  account?: string;
  /** Cases where any of these accounts is a subject, payer or payee (a party's accounts); none matches nothing. */
  accounts?: readonly string[];
  /** Cases whose id starts with this. */
  id?: string;
}

export interface CaseQuery extends CaseFilter {
  /** Default `risk`. */
  sort?: CaseSort;
  /** Default `desc`. Ties go to the case with the latest alert first, then by case id, ascending. */
  order?: 'asc' | 'desc';
  /** Default 100, at most 10 000. */
  limit?: number;
  offset?: number;
}

/**
 * One atomic write. Cases with version 1 are inserted; others replace the stored case whose
 * version is one less. With `guard`, an inserted case is refused when another case open for one of
 * its subjects (or its ring) lies within `windowMs` of it — the store's own check that no duplicate
 * open case is made by two writers racing.
 */
export interface CaseWrite {
  cases?: readonly Case[];
  alerts?: readonly CaseAlert[];
  /**
   * Alerts moved from one case to another (a ring case taking over its members' cases): each must
   * still be in `from` when the write runs, else the write is refused (`alert_taken`).
   */
  moves?: readonly AlertMove[];
  events?: readonly CaseEvent[];
  evidence?: readonly Evidence[];
  guard?: { windowMs: number };
}

export interface AlertMove {
  transaction_id: string;
  from: string;
  to: string;
  /** The ring the alert is grouped under in its new case. */
  ring: string | null;
}

export type CaseConflictKind = 'version' | 'exists' | 'duplicate_open_case' | 'alert_taken' | 'missing';

/** A write refused because the store changed since the caller read it; nothing was written. */
export class CaseConflictError extends Error {
  constructor(readonly kind: CaseConflictKind, readonly caseId: string, message: string) {
    super(message);
    this.name = 'CaseConflictError';
  }
}

export interface OpenCaseLookup {
  subject?: string;
  ring?: string;
  /** With `windowMs`: only a case whose alert span lies within the window of this time. */
  time?: string;
  windowMs?: number;
}

export interface CaseStore {
  readonly kind: string;
  /** Writes everything or nothing; returns the stored events with their seq. Throws CaseConflictError on a conflict. */
  commit(write: CaseWrite): Promise<StoredCaseEvent[]>;
  getCase(id: string): Promise<Case | undefined>;
  /** A case with its alerts, history and evidence. */
  getCaseDetail(id: string): Promise<CaseDetail | undefined>;
  /** A page of the case's alerts, oldest first (as in the detail) or newest first; an unknown case has none. */
  caseAlerts(id: string, range: PageRange): Promise<CasePartPage<CaseAlert>>;
  /** A page of the case's history, in the order written. */
  caseEvents(id: string, range: PageRange): Promise<CasePartPage<StoredCaseEvent>>;
  /** A page of the case's evidence snapshots, in the order captured. */
  caseEvidence(id: string, range: PageRange): Promise<CasePartPage<Evidence>>;
  /** The open (not closed) case of a subject or of a ring — latest alert first when several. */
  findOpenCase(lookup: OpenCaseLookup): Promise<Case | undefined>;
  /** Every open case holding any of `subjects` or belonging to any of `rings`. */
  openCasesFor(subjects: readonly string[], rings: readonly string[]): Promise<Case[]>;
  listCases(query: CaseQuery): Promise<Case[]>;
  /** How many cases match (the total beside a page of `listCases`). */
  countCases(filter: CaseFilter): Promise<number>;
  /** Stored cases by workflow state. */
  casesByState(): Promise<Record<CaseState, number>>;
  /** Which case holds each of these transactions (those in none are absent). */
  casesOfTransactions(ids: readonly string[]): Promise<Map<string, string>>;
  close(): Promise<void>;
}
