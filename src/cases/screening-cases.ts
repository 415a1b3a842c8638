import {
  alertAudit, alertEvent, isoTime, openCase, withAlert,
  type AlertFields, type Case, type CaseAuditEvent, type CaseEvent, type StoredCaseEvent,
} from './case.js';
import { createEvidence, type Evidence, type ScreeningEvidence } from './evidence.js';
import { CaseConflictError, type CaseAlert, type CaseStore } from './store-port.js';

/**
 * Screening cases: a party (a KYC record, keyed by account) whose name matches a sanctions list or
 * blacklist entry at or above the screening threshold gets an alert, and the alert opens — or
 * joins — the party's open screening case. The case's subject is `screening:<account>`, so alerts
 * on the account's transactions never group into it (and it never absorbs theirs); its alerts
 * name the account as payer (`from`), so a case search by account finds it.
 *
 * - The alert's id is `screen:<list>:<list_id>:<account>`: the same party matching the same list
 *   entry is one alert, whatever list version or re-screening found it again. Filing the same hits
 *   twice opens nothing new (idempotent).
 * - Each alert freezes the comparison as evidence (query and list entry side by side, the score,
 *   the matcher's reasons), hashed like every case snapshot.
 * - One atomic write per run, retried on a conflict; audit entries as alert intake gives them.
 */

/** A screening match to file: who was screened, what it matched, how well. */
export interface ScreeningHit extends ScreeningEvidence {}

export const SCREENING_RULE = 'screening.party';
const SUBJECT_PREFIX = 'screening:';

/** The subject of a party's screening case. */
export function screeningSubject(account: string): string {
  return `${SUBJECT_PREFIX}${account}`;
}

/** Whether a case is a screening case (its subject says so). */
export function isScreeningCase(c: Pick<Case, 'subject'>): boolean {
  return c.subject.startsWith(SUBJECT_PREFIX);
}

/** The kind of a case: opened by a screening hit, by a ring, or by transaction alerts. */
export function caseKind(c: Pick<Case, 'subject' | 'ring'>): 'screening' | 'ring' | 'transaction' {
  if (isScreeningCase(c)) return 'screening';
  return c.ring !== null && c.subject === c.ring ? 'ring' : 'transaction';
}

/** The alert id of a hit: one per party and list entry. */
export function screeningAlertId(h: Pick<ScreeningHit, 'list' | 'entry' | 'query'>): string {
  return `screen:${h.list}:${h.entry.list_id}:${h.query.account}`;
}

/** The alert a hit becomes: REVIEW, its score the match score, no money. */
export function screeningAlert(h: ScreeningHit, at: Date | string): AlertFields {
  return {
    transaction_id: screeningAlertId(h),
    time: isoTime(at, 'screened at'),
    from: h.query.account,
    to: `${h.list}:${h.entry.list_id}`,
    amount: 0,
    currency: 'XXX',
    score: h.score,
    decision: 'REVIEW',
    reasons: [{
      rule: SCREENING_RULE, weight: h.score,
      values: [['list', h.list], ['list_version', h.list_version], ['list_id', h.entry.list_id], ['screen_score', h.score]],
    }],
  };
}

export interface ScreeningFileOptions {
  now: Date;
  actor?: string;
  /** Tries before a conflict is passed on (default 3). */
  attempts?: number;
}

export interface ScreeningFileResult {
  /** Alert ids filed now. */
  filed: string[];
  /** Alert ids already in a case (or repeated in the input): nothing done. */
  skipped: string[];
  opened: string[];
  updated: string[];
  events: StoredCaseEvent[];
  audit: CaseAuditEvent[];
}

async function attempt(store: CaseStore, hits: readonly ScreeningHit[], o: ScreeningFileOptions): Promise<ScreeningFileResult> {
  const at = isoTime(o.now, 'now');
  const actor = o.actor ?? 'system';
  const result: ScreeningFileResult = { filed: [], skipped: [], opened: [], updated: [], events: [], audit: [] };
  const unique = new Map<string, ScreeningHit>();
  for (const h of hits) {
    const id = screeningAlertId(h);
    if (unique.has(id)) result.skipped.push(id);
    else unique.set(id, h);
  }
  const taken = await store.casesOfTransactions([...unique.keys()]);
  const byAccount = new Map<string, ScreeningHit[]>();
  for (const [id, h] of unique) {
    if (taken.has(id)) result.skipped.push(id);
    else byAccount.set(h.query.account, [...(byAccount.get(h.query.account) ?? []), h]);
  }
  const cases: Case[] = [];
  const alerts: CaseAlert[] = [];
  const evidence: Evidence[] = [];
  const events: CaseEvent[] = [];
  for (const [account, group] of byAccount) {
    const subject = screeningSubject(account);
    const ordered = [...group].sort((a, b) => b.score - a.score || (a.entry.list_id < b.entry.list_id ? -1 : 1));
    const existing = await store.findOpenCase({ subject });
    let c: Case | undefined = existing ? { ...existing, version: existing.version + 1 } : undefined;
    for (const h of ordered) {
      const alert = screeningAlert(h, at);
      const trigger = c ? 'alert' : 'open';
      // The case's subjects name the party's account (the subject names the case's kind).
      c = { ...(c ? withAlert(c, alert, subject, at) : openCase(alert, subject, null, at)), subjects: [account] };
      const snap = createEvidence({ case_id: c.id, subject, ring: null, trigger, alert, screening: h, captured_at: at });
      evidence.push(snap);
      alerts.push({ ...alert, case_id: c.id, subject, ring: null, added_at: at });
      events.push(alertEvent(c, trigger, alert, subject, actor, at, snap.sha256));
      result.audit.push(alertAudit(c, trigger, alert, subject, snap.sha256));
      result.filed.push(alert.transaction_id);
    }
    const done = c as Case;
    cases.push(done);
    (existing ? result.updated : result.opened).push(done.id);
  }
  if (cases.length) result.events = await store.commit({ cases, alerts, evidence, events });
  return result;
}

/** Files screening hits as alerts in screening cases. Throws the last CaseConflictError when every try conflicted. */
export async function fileScreeningHits(store: CaseStore, hits: readonly ScreeningHit[], options: ScreeningFileOptions): Promise<ScreeningFileResult> {
  const tries = Math.max(1, options.attempts ?? 3);
  for (let i = 1; ; i++) {
    try {
      return await attempt(store, hits, options);
    } catch (err) {
      if (!(err instanceof CaseConflictError) || i >= tries) throw err;
    }
  }
}
