import type { Alert, ScoredTransaction } from '../domain/alert.js';
import type { Decision, Verdict } from '../domain/decision.js';
import type { PartyDetails } from '../domain/party.js';
import type { ListEvent } from '../domain/list.js';
import type { Transaction } from '../domain/transaction.js';

export { isAlert, type Alert, type ScoredTransaction } from '../domain/alert.js';

export interface AlertQuery {
  limit: number;
  /** Only alerts with seq below this (pages newest first). */
  before?: number;
  decision?: Verdict;
  account?: string;
}

/**
 * The one storage port. The engine reaches storage only through it, so it runs the same on
 * SQLite (default), PostgreSQL or purely in memory. `append` resolves only once the batch is
 * durable; it is all-or-nothing.
 */
export interface TransactionStore {
  readonly kind: string;
  findDecision(id: string): Promise<Decision | undefined>;
  append(batch: readonly ScoredTransaction[]): Promise<void>;
  /** Every stored transaction in the order it was applied, in pages. */
  replay(pageSize?: number): AsyncIterable<Transaction[]>;
  count(): Promise<number>;
  alerts(query: AlertQuery): Promise<Alert[]>;
  /** Alerts with seq > `afterSeq`, oldest first, at most `limit` (the case filer's durable queue). */
  alertsAfter(afterSeq: number, limit: number): Promise<Alert[]>;
  /** The highest alert seq (0 when there is none). */
  lastAlertSeq(): Promise<number>;
  /** Alerts per day (UTC) and verdict, oldest first, at most the last 90 days that have any. */
  alertsByDay(): Promise<Array<{ day: string; REVIEW: number; BLOCK: number }>>;
  /** Stored transactions with their decisions, for these ids (unknown ids are absent). */
  findScored(ids: readonly string[]): Promise<ScoredTransaction[]>;
  /** Every account that is the payer or payee of an alert. */
  alertedAccounts(): Promise<Set<string>>;
  /** Appends a list change durably; list changes replay interleaved with the transactions. */
  appendListEvent(event: ListEvent): Promise<void>;
  listEvents(): Promise<ListEvent[]>;
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What the bank knows of each account's holder (KYC), as the regulatory reports and party
 * screening need it: one record per account, imported from the bank's systems.
 */
export interface PartyStore {
  /** Inserts or replaces records, all or nothing. */
  upsert(records: readonly PartyDetails[], now?: Date): Promise<void>;
  /** The records of these accounts (unknown accounts are absent). */
  lookup(accounts: Iterable<string>): Promise<Map<string, PartyDetails>>;
  /** Every record, in account order. */
  all(): Promise<PartyDetails[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}
