import type { Transaction } from '../domain/transaction.js';
import { alertAudit, alertEvent, isoTime, type AlertFields, type Case, type CaseAuditEvent, type CaseEvent, type StoredCaseEvent } from './case.js';
import { createEvidence, type Evidence, type EvidenceSubgraph } from './evidence.js';
import { DEFAULT_WINDOW_MS, groupAlerts, ringOf, subjectOf, type GroupingOptions, type Placement } from './grouping.js';
import { CaseConflictError, type CaseAlert, type CaseStore } from './store-port.js';

/**
 * Alerts into stored cases: finds the open cases of the alerts' subjects and rings, groups the
 * alerts (grouping.ts), captures each alert's evidence, and commits cases, alerts, evidence and
 * history in one atomic write guarded against duplicate open cases. When another writer got there
 * first (a conflict), it reads again and regroups, a few times.
 */

/** What to freeze as evidence for one alert: its transaction(s) and the subgraph around the subject. */
export type EvidenceSource = (
  alert: AlertFields,
  context: { case_id: string; subject: string; ring: string | null; trigger: 'open' | 'alert' },
) => { transactions?: readonly Transaction[]; subgraph?: EvidenceSubgraph } | Promise<{ transactions?: readonly Transaction[]; subgraph?: EvidenceSubgraph }>;

export interface IntakeOptions extends GroupingOptions {
  now: Date;
  /** History actor (default `system`). */
  actor?: string;
  /** Evidence to capture; without it, only the alert itself (with its reasons) is frozen. */
  evidence?: EvidenceSource;
  /** Tries before a conflict is passed on (default 3). */
  attempts?: number;
}

export interface IntakeResult {
  placements: Placement[];
  /** Cases opened or changed, as stored. */
  cases: Case[];
  events: StoredCaseEvent[];
  /** One per placement, for the audit log. */
  audit: CaseAuditEvent[];
  /** Transaction ids not grouped: already in a case, or repeated in the batch. */
  skipped: string[];
}

async function attempt(store: CaseStore, alerts: readonly AlertFields[], options: IntakeOptions): Promise<IntakeResult> {
  const ids = alerts.map((a) => a.transaction_id);
  const taken = await store.casesOfTransactions(ids);
  const fresh = alerts.filter((a) => !taken.has(a.transaction_id));
  const subjects = fresh.map((a) => subjectOf(a, options.subject));
  const rings = subjects.map((s) => ringOf(s, options.rings)).filter((r): r is string => r !== null);
  const open = await store.openCasesFor(subjects, rings);
  const grouped = groupAlerts(fresh, open, options, options.now);

  const actor = options.actor ?? 'system';
  const at = isoTime(options.now, 'now');
  const byId = new Map(grouped.cases.map((c) => [c.id, c]));
  const byTx = new Map(fresh.map((a) => [a.transaction_id, a]));
  const caseAlerts: CaseAlert[] = [];
  const evidence: Evidence[] = [];
  const events: CaseEvent[] = [];
  const audit: CaseAuditEvent[] = [];
  for (const p of grouped.placements) {
    const alert = byTx.get(p.transaction_id) as AlertFields;
    const c = byId.get(p.case_id) as Case;
    const trigger = p.kind === 'opened' ? 'open' : 'alert';
    const extra = options.evidence ? await options.evidence(alert, { case_id: c.id, subject: p.subject, ring: c.ring, trigger }) : {};
    const snap = createEvidence({
      case_id: c.id, subject: p.subject, ring: c.ring, trigger, alert, transactions: extra.transactions, subgraph: extra.subgraph, captured_at: at,
    });
    evidence.push(snap);
    caseAlerts.push({
      transaction_id: alert.transaction_id, time: isoTime(alert.time), from: alert.from, to: alert.to, amount: alert.amount,
      currency: alert.currency, score: alert.score, decision: alert.decision, reasons: alert.reasons,
      case_id: c.id, subject: p.subject, ring: p.ring, added_at: at,
    });
    events.push(alertEvent(c, trigger, alert, p.subject, actor, at, snap.sha256));
    audit.push(alertAudit(c, trigger, alert, p.subject, snap.sha256));
  }
  const stored = grouped.cases.length
    ? await store.commit({ cases: grouped.cases, alerts: caseAlerts, evidence, events, guard: { windowMs: options.windowMs ?? DEFAULT_WINDOW_MS } })
    : [];
  return {
    placements: grouped.placements,
    cases: grouped.cases,
    events: stored,
    audit,
    skipped: [...new Set([...ids.filter((id) => taken.has(id)), ...grouped.duplicates])],
  };
}

/** Groups and stores a batch of alerts. Throws the last CaseConflictError when every try conflicted. */
export async function intakeAlerts(store: CaseStore, alerts: readonly AlertFields[], options: IntakeOptions): Promise<IntakeResult> {
  const tries = Math.max(1, options.attempts ?? 3);
  for (let i = 1; ; i++) {
    try {
      return await attempt(store, alerts, options);
    } catch (err) {
      if (!(err instanceof CaseConflictError) || i >= tries) throw err;
    }
  }
}
