import type { Alert, AlertRef, DecidedTransfer, ScoredTransaction } from '../domain/alert.js';
import type { Decision, Verdict } from '../domain/decision.js';
import type { PartyDetails } from '../domain/party.js';
import type { ListEvent } from '../domain/list.js';
import type { Transaction } from '../domain/transaction.js';

export { isAlert, type Alert, type AlertRef, type DecidedTransfer, type ScoredTransaction } from '../domain/alert.js';

export interface AlertFilter {
  /** Only alerts with seq below this. */
  before?: number;
  decision?: Verdict;
  /** Alerts where this account pays or is paid. */
  account?: string;
}

/** Newest first. */
export interface AlertQuery extends AlertFilter {
  limit: number;
  /** Alerts skipped before the page (default 0). */
  offset?: number;
}

/** What the store holds, counted (the numbers the overview, rules page, /v1/stats and /metrics show). */
export interface StoreCounts {
  transactions: number;
  decisions: Record<Verdict, number>;
  /** Stored transactions each rule fired on, by rule id (rules that never fired are absent). */
  rules: Record<string, number>;
  alerts: number;
}

/** The tally increments of one batch: `decision:<VERDICT>` and `rule:<id>` (once per transaction). */
export function batchTallies(batch: readonly ScoredTransaction[]): Map<string, number> {
  const out = new Map<string, number>();
  const bump = (name: string): void => void out.set(name, (out.get(name) ?? 0) + 1);
  for (const { decision } of batch) {
    bump(`decision:${decision.decision}`);
    const reasons = decision.reasons;
    // Most decisions carry no reason or one: no set built for them.
    if (reasons.length === 1) bump(`rule:${reasons[0].rule}`);
    else if (reasons.length > 1) for (const rule of new Set(reasons.map((r) => r.rule))) bump(`rule:${rule}`);
  }
  return out;
}

/** Store counts from tallies named as `batchTallies` names them. */
export function countsFromTallies(tallies: Iterable<[string, number]>, alerts: number): StoreCounts {
  const decisions: Record<Verdict, number> = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
  const rules: Record<string, number> = {};
  for (const [name, n] of tallies) {
    if (name.startsWith('decision:')) {
      const v = name.slice(9) as Verdict;
      if (v in decisions) decisions[v] = n;
    } else if (name.startsWith('rule:')) rules[name.slice(5)] = n;
  }
  return { transactions: decisions.ALLOW + decisions.REVIEW + decisions.BLOCK, decisions, rules, alerts };
}

/** A page of `replayAfter`: transfers with their decisions in replay order, and the place of the last one. */
export interface ReplayPage {
  rows: DecidedTransfer[];
  last: number;
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
  /**
   * The stored transfers with their decisions whose place in replay is after `afterSeq` (0:
   * all), in replay order, in pages, each with the place of its last row: for reading on later
   * from where a reader stopped. Only the transfer's facts (DecidedTransfer), not full rows.
   */
  replayAfter(afterSeq: number, pageSize?: number): AsyncIterable<ReplayPage>;
  /** How many stored transactions have a place in replay at or before `seq` (to tell whether rows were placed behind a reader). */
  countThrough(seq: number): Promise<number>;
  count(): Promise<number>;
  /** Transactions by verdict, rule hits and alerts as stored (kept with every append, so O(rules) to read). */
  counts(): Promise<StoreCounts>;
  alerts(query: AlertQuery): Promise<Alert[]>;
  /** How many alerts match (the total beside a page of `alerts`). */
  countAlerts(filter: AlertFilter): Promise<number>;
  /**
   * Alerts with seq > `afterSeq`, oldest first, at most `limit` (the case filer's durable queue):
   * their place and transaction only — the filer reads the transactions with their decisions, so
   * the alert rows' reasons are not parsed here.
   */
  alertsAfter(afterSeq: number, limit: number): Promise<AlertRef[]>;
  /** The highest alert seq (0 when there is none). */
  lastAlertSeq(): Promise<number>;
  /**
   * Stores that index alerts by account behind their appends (SQLite, see
   * sqlite-alert-accounts.ts) index at most `limit` more here and say how many (0: caught up);
   * queries are exact either way. The case filer calls it as it follows the alert queue.
   */
  indexAlertAccounts?(limit: number): Promise<number>;
  /** Alerts per day (UTC) and verdict, oldest first, at most the last 90 days that have any. */
  alertsByDay(): Promise<Array<{ day: string; REVIEW: number; BLOCK: number }>>;
  /** Stored transactions with their decisions (and their log position), for these ids (unknown ids are absent). */
  findScored(ids: readonly string[]): Promise<ScoredTransaction[]>;
  /** Every account that is the payer or payee of an alert. */
  alertedAccounts(): Promise<Set<string>>;
  /**
   * Appends a list change durably; list changes replay interleaved with the transactions. A change
   * with a `position` (a stream's sequence) already recorded is left out: false, else true.
   */
  appendListEvent(event: ListEvent): Promise<boolean>;
  listEvents(): Promise<ListEvent[]>;
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /**
   * Takes or renews the lease `name` for `holder` until now + `ttlMs`: granted when nobody holds
   * it, it has expired, `holder` holds it, or it is held by `replacing` (a holder known to be dead).
   * Atomic across processes. Returns the lease as it stands afterwards (another holder: refused).
   */
  claimLease(name: string, holder: string, ttlMs: number, replacing?: string): Promise<Lease>;
  /** Gives the lease up if `holder` holds it. */
  releaseLease(name: string, holder: string): Promise<void>;
  close(): Promise<void>;
}

/** Who holds a lease and until when (epoch ms). */
export interface Lease {
  holder: string;
  expiresAt: number;
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
  /** The accounts of a party, by its client number or an account number (at most 100; names are not searched). */
  findAccounts(party: string): Promise<string[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}
