import { sha256Hex } from './hash.js';
import type { JsonValue } from '../security/canonical-json.js';
import type { Alert } from '../domain/alert.js';
import { addToBasis, casePriority, emptyBasis, type RiskBasis } from './priority.js';

/**
 * The case record and its history entries: alerts grouped by subject or ring, worked through a
 * workflow to a conclusion. Values here are plain JSON-able records; every function returns a new
 * record and never changes its arguments.
 */

export const CASE_STATES = Object.freeze(['new', 'assigned', 'investigating', 'escalated', 'closed'] as const);
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_OUTCOMES = Object.freeze(['false_positive', 'confirmed', 'reported'] as const);
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export function isCaseState(v: unknown): v is CaseState {
  return typeof v === 'string' && (CASE_STATES as readonly string[]).includes(v);
}

export function isCaseOutcome(v: unknown): v is CaseOutcome {
  return typeof v === 'string' && (CASE_OUTCOMES as readonly string[]).includes(v);
}

/** The alert fields a case reads (an `Alert` from the store has them all). */
export type AlertFields = Pick<Alert, 'transaction_id' | 'time' | 'from' | 'to' | 'amount' | 'currency' | 'score' | 'decision' | 'reasons'>;

export interface Case {
  /** `CASE-<yyyymmdd>-<10 hex>`, see {@link caseId}. */
  id: string;
  /** The account the case is about: the subject of the alert that opened it. */
  subject: string;
  /** Every subject account whose alerts the case holds, sorted; includes `subject`. */
  subjects: string[];
  /** The ring the opening alert's subject belonged to, when grouped by ring. */
  ring: string | null;
  state: CaseState;
  /** Set when closed, cleared when reopened. */
  outcome: CaseOutcome | null;
  /** User name of the assignee. */
  assignee: string | null;
  /**
   * The case's priority, 0–1: its alerts' scores, how many, their patterns and amounts, listed
   * links and ring risk combined (cases/priority.ts); what the queue sorts on.
   */
  risk: number;
  /** What `risk` is computed from, kept up to date alert by alert (cases/priority.ts). */
  risk_basis: RiskBasis;
  alert_count: number;
  /** ISO-8601 UTC times of the earliest and the latest alert in the case. */
  first_alert_at: string;
  last_alert_at: string;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  /** 1 when opened; one more on every stored change (the store checks it: optimistic concurrency). */
  version: number;
}

export const CASE_EVENT_KINDS = Object.freeze([
  'open', 'alert', 'assign', 'reassign', 'investigate', 'escalate', 'close', 'reopen', 'comment', 'attach', 'export',
] as const);
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** Metadata of an attached file; the bytes live elsewhere. */
export interface AttachmentMeta {
  name: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  content_type: string;
}

/** What an event carries beyond state, actor and note; only the keys its kind uses are set. */
export interface CaseEventData {
  assignee?: string;
  previous_assignee?: string | null;
  outcome?: CaseOutcome;
  /** Comment text. */
  text?: string;
  attachment?: AttachmentMeta;
  transaction_id?: string;
  subject?: string;
  ring?: string | null;
  evidence_sha256?: string;
  /** Ring cases: the ring's risk and size when it opened the case or its evidence was refreshed. */
  ring_risk?: number;
  ring_size?: number;
  /** Ring cases: the member case an alert was moved from, and the ring case a merged case went into. */
  moved_from?: string;
  merged_into?: string;
  /** Export format and the SHA-256 of the exported document. */
  format?: string;
  sha256?: string;
}

/** One entry of a case's history: every action, comment and attachment is one. */
export interface CaseEvent {
  case_id: string;
  kind: CaseEventKind;
  /** Who acted: a user name, or `system` for the engine. */
  actor: string;
  /** ISO-8601 UTC. */
  time: string;
  /** null for the event that opened the case. */
  from_state: CaseState | null;
  to_state: CaseState;
  note: string | null;
  data: CaseEventData;
}

/** An event as stored, numbered in the order it was written. */
export interface StoredCaseEvent extends CaseEvent {
  seq: number;
}

/**
 * What the caller appends to the audit log for an action (the audit log adds the actor).
 * Details never carry comment text or other free text, only its length and hash.
 */
export interface CaseAuditEvent {
  action: string;
  subject: string;
  details: { [key: string]: JsonValue };
}

export interface CaseComment {
  seq: number;
  author: string;
  time: string;
  text: string;
}

export interface CaseAttachment extends AttachmentMeta {
  seq: number;
  added_by: string;
  added_at: string;
  note: string | null;
}

/** Time as canonical ISO-8601 UTC (`…T…Z` with milliseconds); throws on anything unparseable. */
export function isoTime(value: Date | string | number, what = 'time'): string {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`${what}: ${JSON.stringify(String(value))} is not a valid time`);
  return new Date(ms).toISOString();
}

/** Epoch milliseconds of an ISO time (or number). */
export function timeMs(value: string | number, what = 'time'): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`${what}: ${JSON.stringify(String(value))} is not a valid time`);
  return ms;
}

/**
 * Deterministic case id: the UTC date of the opening alert and 10 hex digits of
 * SHA-256(grouping key, opening transaction id). A transaction opens at most one case, so ids
 * never collide in practice, and replaying the same alerts gives the same ids.
 */
export function caseId(openingAlert: Pick<AlertFields, 'transaction_id' | 'time'>, key: string): string {
  const day = isoTime(openingAlert.time, `alert ${openingAlert.transaction_id}`).slice(0, 10).replace(/-/g, '');
  const hash = sha256Hex(`${key}\u0000${openingAlert.transaction_id}`).slice(0, 10).toUpperCase();
  return `CASE-${day}-${hash}`;
}

/** A new case opened by one alert (version 1, state `new`); `ringRisk` is the risk of the subject's ring. */
export function openCase(alert: AlertFields, subject: string, ring: string | null, at: Date | string, ringRisk = 0): Case {
  const time = isoTime(alert.time, `alert ${alert.transaction_id}`);
  const now = isoTime(at, 'opened at');
  const basis = addToBasis(emptyBasis(), alert, ringRisk);
  return {
    id: caseId(alert, ring === null ? `subject:${subject}` : `ring:${ring}`),
    subject,
    subjects: [subject],
    ring,
    state: 'new',
    outcome: null,
    assignee: null,
    risk: casePriority(basis),
    risk_basis: basis,
    alert_count: 1,
    first_alert_at: time,
    last_alert_at: time,
    opened_at: now,
    updated_at: now,
    closed_at: null,
    version: 1,
  };
}

/**
 * The case with one more alert (the version is left to the caller: one bump per stored write);
 * `ringRisk` is the risk of the alert subject's ring (or of the case's ring), if any.
 */
export function withAlert(c: Case, alert: AlertFields, subject: string, at: Date | string, ringRisk = 0): Case {
  const time = isoTime(alert.time, `alert ${alert.transaction_id}`);
  const subjects = c.subjects.includes(subject) ? c.subjects : [...c.subjects, subject].sort();
  const basis = addToBasis(c.risk_basis, alert, ringRisk);
  return {
    ...c,
    subjects,
    risk: casePriority(basis),
    risk_basis: basis,
    alert_count: c.alert_count + 1,
    first_alert_at: time < c.first_alert_at ? time : c.first_alert_at,
    last_alert_at: time > c.last_alert_at ? time : c.last_alert_at,
    updated_at: isoTime(at, 'updated at'),
  };
}

/** The history entry for an alert that opened (`open`) or joined (`alert`) a case. */
export function alertEvent(
  c: Case, kind: 'open' | 'alert', alert: AlertFields, subject: string, actor: string, at: Date | string, evidenceSha256?: string,
): CaseEvent {
  const data: CaseEventData = { transaction_id: alert.transaction_id, subject, ring: c.ring };
  if (evidenceSha256 !== undefined) data.evidence_sha256 = evidenceSha256;
  return {
    case_id: c.id,
    kind,
    actor,
    time: isoTime(at, 'event time'),
    from_state: kind === 'open' ? null : c.state,
    to_state: c.state,
    note: null,
    data,
  };
}

/** The audit description of an alert that opened or joined a case. */
export function alertAudit(c: Case, kind: 'open' | 'alert', alert: AlertFields, subject: string, evidenceSha256?: string): CaseAuditEvent {
  const details: { [key: string]: JsonValue } = { transaction_id: alert.transaction_id, subject, ring: c.ring, score: alert.score };
  if (evidenceSha256 !== undefined) details.evidence_sha256 = evidenceSha256;
  return { action: kind === 'open' ? 'case.open' : 'case.alert_add', subject: c.id, details };
}

/** The comments in a history, oldest first. */
export function commentsOf(events: readonly StoredCaseEvent[]): CaseComment[] {
  return events
    .filter((e) => e.kind === 'comment' && typeof e.data.text === 'string')
    .map((e) => ({ seq: e.seq, author: e.actor, time: e.time, text: e.data.text as string }));
}

/** The attachment metadata in a history, oldest first. */
export function attachmentsOf(events: readonly StoredCaseEvent[]): CaseAttachment[] {
  return events
    .filter((e) => e.kind === 'attach' && e.data.attachment !== undefined)
    .map((e) => ({ ...(e.data.attachment as AttachmentMeta), seq: e.seq, added_by: e.actor, added_at: e.time, note: e.note }));
}
