import type { Transaction } from '../domain/transaction.js';
import {
  alertAudit, alertEvent, isoTime, openCase, timeMs, withAlert,
  type AlertFields, type Case, type CaseAuditEvent, type CaseEvent, type StoredCaseEvent,
} from './case.js';
import { casePriority, emptyBasis } from './priority.js';
import { createEvidence, type Evidence, type EvidenceSubgraph } from './evidence.js';
import { DEFAULT_WINDOW_MS } from './grouping.js';
import { CaseConflictError, type AlertMove, type CaseAlert, type CasePartPage, type CaseStore, type PageRange } from './store-port.js';

/**
 * Ring cases: a ring (a gang found by the ring finder) whose risk reaches the review threshold
 * becomes ONE case. The case's subject is the ring id, its `ring` the ring id, its `subjects` the
 * member accounts; it holds its members' alerts (alerts whose payer is a member) and the ring's
 * evidence subgraph frozen as a snapshot.
 *
 * - Opening or updating: the ring's open case is found by ring id, so running again (a refresh, a
 *   restart) changes nothing unless the ring gained alerts or evidence: idempotent.
 * - No duplicate case per member: member alerts in no case are attached; member cases nobody has
 *   started (state `new`, no assignee, every subject a member, alerts within the grouping window of
 *   the ring's evidence) are merged — their alerts move to
 *   the ring case and they are closed with a note naming it. Cases already being worked keep
 *   their alerts; the ring case still lists those members.
 * - Evidence: a snapshot (members, evidence edges with amounts and transaction ids, the evidence
 *   transactions) is frozen when the case opens and whenever the ring's evidence transfers change.
 * - Every change is one atomic write, guarded like alert intake, retried on a conflict, and
 *   described for the audit log (`case.open`, `case.alert_add`, `case.merge`, `case.ring_evidence`).
 */

export interface RingCaseInput {
  ring: string;
  members: readonly string[];
  /** Ring risk, 0–1, and its reasons (for the history note and the audit). */
  risk: number;
  reasons: ReadonlyArray<{ name: string; value: number }>;
  /** Alerts of the members (payer a member; others are ignored). */
  alerts: readonly AlertFields[];
  /** The ring's evidence subgraph and transfers, frozen on the case. */
  subgraph: EvidenceSubgraph;
  transactions: readonly Transaction[];
}

export interface RingCaseOptions {
  now: Date;
  /** History actor (default `system`). */
  actor?: string;
  /** Tries before a conflict is passed on (default 3). */
  attempts?: number;
  /** Window of the duplicate-case guard (default 30 days, as alert grouping). */
  windowMs?: number;
}

export interface RingCaseResult {
  ring: string;
  case_id: string | null;
  /** `skipped`: no case yet and no member alert it could take. */
  outcome: 'opened' | 'updated' | 'unchanged' | 'skipped';
  /** Alerts newly attached (in no case before). */
  attached: string[];
  /** Alerts moved in from merged member cases. */
  moved: string[];
  /** Member cases merged into the ring case (now closed). */
  merged: string[];
  /** SHA-256 of the evidence snapshot frozen by this run, if any. */
  evidence_sha256: string | null;
  events: StoredCaseEvent[];
  audit: CaseAuditEvent[];
}

const cmpAlert = (a: AlertFields, b: AlertFields): number =>
  timeMs(a.time) - timeMs(b.time) || (a.transaction_id < b.transaction_id ? -1 : a.transaction_id > b.transaction_id ? 1 : 0);

function evidenceIds(g: EvidenceSubgraph | undefined): string {
  return [...new Set((g?.edges ?? []).flatMap((e) => e.transactions))].sort().join(',');
}

function ringFacts(input: Pick<RingCaseInput, 'risk' | 'members'>): { ring_risk: number; ring_size: number } {
  return { ring_risk: Math.round(input.risk * 1000) / 1000, ring_size: input.members.length };
}

/** Snapshots read per page when looking for the ring's newest (each holds the ring's evidence transfers). */
const SNAPSHOT_PAGE = 4;
const ALERT_PAGE = 10_000;

/** The pages of one part of a case (alerts, evidence), in `order`, until the last. */
async function* casePages<T>(read: (range: PageRange) => Promise<CasePartPage<T>>, limit: number, order: 'asc' | 'desc' = 'asc'): AsyncGenerator<T[]> {
  for (let offset = 0; ; offset += limit) {
    const page = await read({ limit, offset, order });
    yield page.items;
    if (offset + limit >= page.total) return;
  }
}

/**
 * The newest snapshot of the ring's evidence on its case, read newest first a few at a time: the
 * case's whole history (every snapshot, event and alert, which grows with each update of a live
 * ring) is not read to compare against the last one.
 */
async function lastRingSnapshot(store: CaseStore, caseId: string, ring: string): Promise<Evidence | undefined> {
  for await (const items of casePages((r) => store.caseEvidence(caseId, r), SNAPSHOT_PAGE, 'desc')) {
    const found = items.find((e) => e.content.subject === ring);
    if (found) return found;
  }
  return undefined;
}

/** Every alert of a case, oldest first, in pages (without its history and snapshots). */
async function everyAlert(store: CaseStore, caseId: string): Promise<CaseAlert[]> {
  const out: CaseAlert[] = [];
  for await (const items of casePages((r) => store.caseAlerts(caseId, r), ALERT_PAGE)) out.push(...items);
  return out;
}

async function attempt(store: CaseStore, input: RingCaseInput, o: RingCaseOptions): Promise<RingCaseResult> {
  const ring = input.ring;
  const members = new Set(input.members);
  const at = isoTime(o.now, 'now');
  const actor = o.actor ?? 'system';
  const result: RingCaseResult = { ring, case_id: null, outcome: 'unchanged', attached: [], moved: [], merged: [], evidence_sha256: null, events: [], audit: [] };

  const seen = new Set<string>();
  const alerts = input.alerts.filter((a) => members.has(a.from) && !seen.has(a.transaction_id) && seen.add(a.transaction_id));
  const existing = await store.findOpenCase({ ring });
  // The ring's active span: its evidence transfers and member alerts, widened by the grouping window.
  const windowMs = o.windowMs ?? DEFAULT_WINDOW_MS;
  const times = [...input.transactions.map((t) => t.time), ...alerts.map((a) => timeMs(a.time))];
  const lo = Math.min(...times) - windowMs;
  const hi = Math.max(...times) + windowMs;
  const absorbed = (await store.openCasesFor([...members], [])).filter(
    (c) => c.id !== existing?.id && c.state === 'new' && c.assignee === null && c.subjects.every((s) => members.has(s))
      && timeMs(c.last_alert_at) >= lo && timeMs(c.first_alert_at) <= hi,
  );
  const moving: Array<{ alert: AlertFields; from: string }> = [];
  for (const c of absorbed) for (const a of await everyAlert(store, c.id)) moving.push({ alert: a, from: c.id });
  const holders = await store.casesOfTransactions(alerts.map((a) => a.transaction_id));
  const fresh = alerts.filter((a) => !holders.has(a.transaction_id));
  const incoming = [...fresh, ...moving.map((m) => m.alert)].sort(cmpAlert);
  if (!existing && incoming.length === 0) return { ...result, outcome: 'skipped' };

  let c: Case;
  if (existing) {
    c = existing;
    for (const a of incoming) c = withAlert(c, a, a.from, at, input.risk);
  } else {
    const first = incoming[0];
    c = { ...openCase(first, first.from, ring, at, input.risk), subject: ring, subjects: [first.from] };
    for (const a of incoming.slice(1)) c = withAlert(c, a, a.from, at, input.risk);
  }
  // The ring's risk as found now (it may have risen since the case opened) weighs in its priority.
  if (c.risk_basis.ring_risk < input.risk) {
    const basis = { ...c.risk_basis, ring_risk: Math.min(1, Math.max(0, input.risk)) };
    c = { ...c, risk_basis: basis, risk: casePriority(basis) };
  }
  const subjects = [...new Set([...c.subjects, ...members])].sort();
  const lastSnapshot = existing ? await lastRingSnapshot(store, existing.id, ring) : undefined;
  const evidenceChanged = !lastSnapshot || evidenceIds(lastSnapshot.content.subgraph) !== evidenceIds(input.subgraph);
  const subjectsChanged = existing !== undefined && subjects.join('\u0000') !== existing.subjects.join('\u0000');
  if (existing && incoming.length === 0 && !evidenceChanged && !subjectsChanged) return { ...result, case_id: existing.id };
  c = { ...c, subjects, updated_at: at, version: existing ? existing.version + 1 : 1 };

  // The snapshot: the ring's evidence, the latest member alert as its anchor.
  const anchor = [...alerts, ...incoming].sort(cmpAlert).at(-1);
  let snap: Evidence | undefined;
  if (anchor && (evidenceChanged || incoming.length > 0)) {
    const txs = new Map(input.transactions.map((t) => [t.id, t]));
    snap = createEvidence({
      case_id: c.id, subject: ring, ring, trigger: existing ? 'alert' : 'open', alert: anchor,
      transactions: [...txs.values()], subgraph: input.subgraph, captured_at: at,
    });
    result.evidence_sha256 = snap.sha256;
  }
  const sha = snap?.sha256;
  const movedFrom = new Map(moving.map((m) => [m.alert.transaction_id, m.from]));
  const events: CaseEvent[] = [];
  const audit: CaseAuditEvent[] = [];
  incoming.forEach((a, i) => {
    const kind = !existing && i === 0 ? 'open' : 'alert';
    const from = movedFrom.get(a.transaction_id);
    // Structured, so the dashboard words them in the reader's language.
    const ev = alertEvent(c, kind, a, a.from, actor, at, sha);
    if (kind === 'open') Object.assign(ev.data, ringFacts(input));
    if (from) ev.data.moved_from = from;
    events.push(ev);
    const entry = alertAudit(c, kind, a, a.from, sha);
    if (from) entry.details.moved_from = from;
    audit.push(entry);
  });
  // A merged case holds no alerts any more, so nothing to rank it by.
  const closed = absorbed.map((x): Case => ({
    ...x, state: 'closed', closed_at: at, updated_at: at, alert_count: 0, risk: 0, risk_basis: emptyBasis(), version: x.version + 1,
  }));
  for (const x of absorbed) {
    events.push({
      case_id: x.id, kind: 'close', actor, time: at, from_state: x.state, to_state: 'closed', note: null, data: { ring, merged_into: c.id },
    });
    audit.push({ action: 'case.merge', subject: x.id, details: { into: c.id, ring, alerts: moving.filter((m) => m.from === x.id).length } });
  }
  if (snap && incoming.length === 0) {
    events.push({
      case_id: c.id, kind: 'attach', actor, time: at, from_state: c.state, to_state: c.state, note: null,
      data: { ring, evidence_sha256: snap.sha256, ...ringFacts(input) },
    });
  }
  if (snap) {
    audit.push({
      action: 'case.ring_evidence', subject: c.id,
      details: {
        ring, risk: Math.round(input.risk * 1000) / 1000, members: input.members.length, evidence_sha256: snap.sha256,
        reasons: input.reasons.filter((r) => r.value > 0).map((r) => r.name).join(','),
      },
    });
  }
  const caseAlerts: CaseAlert[] = fresh.map((a) => ({
    transaction_id: a.transaction_id, time: isoTime(a.time), from: a.from, to: a.to, amount: a.amount, currency: a.currency,
    score: a.score, decision: a.decision, reasons: a.reasons, case_id: c.id, subject: a.from, ring, added_at: at,
  }));
  const moves: AlertMove[] = moving.map((m) => ({ transaction_id: m.alert.transaction_id, from: m.from, to: c.id, ring }));
  const stored = await store.commit({
    cases: [c, ...closed], alerts: caseAlerts, moves, evidence: snap ? [snap] : [], events,
    ...(existing ? {} : { guard: { windowMs } }),
  });
  return {
    ...result, case_id: c.id, outcome: existing ? 'updated' : 'opened',
    attached: fresh.map((a) => a.transaction_id), moved: moving.map((m) => m.alert.transaction_id), merged: absorbed.map((x) => x.id),
    events: stored, audit,
  };
}

/** Opens or updates the ring's case. Throws the last CaseConflictError when every try conflicted. */
export async function intakeRing(store: CaseStore, input: RingCaseInput, options: RingCaseOptions): Promise<RingCaseResult> {
  const tries = Math.max(1, options.attempts ?? 3);
  for (let i = 1; ; i++) {
    try {
      return await attempt(store, input, options);
    } catch (err) {
      if (!(err instanceof CaseConflictError) || i >= tries) throw err;
    }
  }
}
