import type { Case, CaseEventData, CaseEventKind, CaseState, StoredCaseEvent } from '../cases/case.js';
import type { CaseAlert } from '../cases/store-port.js';
import type { Reason, Verdict } from '../domain/decision.js';
import { basisOf, type RiskBasis } from '../cases/priority.js';

/** The case, case-alert and case-event rows as both SQL stores keep them, and their mapping. */
export interface CaseRow extends Omit<Case, 'subjects' | 'risk_basis'> {
  subjects: string;
  /** JSON of the priority's basis; NULL only in a row written before it existed, until the store backfills it on open. */
  risk_basis: string | null;
}

/** The row values of a case, as both SQL stores write them. */
export const fromCase = (c: Case): CaseRow => ({ ...c, subjects: JSON.stringify(c.subjects), risk_basis: JSON.stringify(c.risk_basis) });

export interface CaseAlertRow {
  transaction_id: string; case_id: string; subject: string; ring: string | null; time: string; from_account: string;
  to_account: string; amount: number; currency: string; score: number; decision: string; reasons: string; added_at: string;
}

export interface EventRow {
  seq: number; case_id: string; kind: string; actor: string; time: string; from_state: string | null; to_state: string;
  note: string | null; data: string;
}

export const toCase = (r: CaseRow): Case => ({
  ...r, subjects: JSON.parse(r.subjects) as string[],
  risk_basis: r.risk_basis === null ? basisOf([]) : (JSON.parse(r.risk_basis) as RiskBasis),
});

/**
 * The priority basis of a case written before priorities existed, from the alerts it holds and the
 * highest ring risk its history recorded (ring cases note it when they open or refresh evidence).
 */
export function backfillBasis(alerts: ReadonlyArray<Pick<CaseAlertRow, 'score' | 'amount' | 'currency' | 'reasons'>>, eventData: readonly string[]): RiskBasis {
  let ringRisk = 0;
  for (const d of eventData) {
    const v = (JSON.parse(d) as CaseEventData).ring_risk;
    if (typeof v === 'number' && v > ringRisk) ringRisk = v;
  }
  return basisOf(alerts.map((a) => ({ score: a.score, amount: Number(a.amount), currency: a.currency, reasons: JSON.parse(a.reasons) as Reason[] })), ringRisk);
}

export const toCaseAlert = (r: CaseAlertRow): CaseAlert => ({
  case_id: r.case_id, subject: r.subject, ring: r.ring, added_at: r.added_at, transaction_id: r.transaction_id, time: r.time,
  from: r.from_account, to: r.to_account, amount: r.amount, currency: r.currency, score: r.score, decision: r.decision as Verdict,
  reasons: JSON.parse(r.reasons) as Reason[],
});

export const toEvent = (r: EventRow): StoredCaseEvent => ({
  seq: r.seq, case_id: r.case_id, kind: r.kind as CaseEventKind, actor: r.actor, time: r.time,
  from_state: r.from_state as CaseState | null, to_state: r.to_state as CaseState, note: r.note, data: JSON.parse(r.data) as CaseEventData,
});
