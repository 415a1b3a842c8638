/**
 * Shapes of the API's JSON answers, as the dashboard reads them. The shared wire shapes (money,
 * reasons, pages, stats) are generated from the server's schemas (generated.ts); the rest are
 * written here.
 */
import type { Money, Page, Reason } from './generated';

export type { Money, Page, Reason, Stats } from './generated';

/** Feature values of a reason, by feature name. */
export type ReasonValues = Reason['values'];

export type Role = 'admin' | 'supervisor' | 'analyst' | 'auditor';
export type Verdict = 'ALLOW' | 'REVIEW' | 'BLOCK';
export type CaseState = 'new' | 'assigned' | 'investigating' | 'escalated' | 'closed';
export type CaseOutcome = 'false_positive' | 'confirmed' | 'reported';
export type CaseActionType = 'assign' | 'reassign' | 'investigate' | 'escalate' | 'close' | 'reopen' | 'comment';

export const CASE_STATES: readonly CaseState[] = ['new', 'assigned', 'investigating', 'escalated', 'closed'];
export const CASE_OUTCOMES: readonly CaseOutcome[] = ['false_positive', 'confirmed', 'reported'];

export interface User {
  username: string;
  role: Role;
  must_change_password: boolean;
}

export interface CaseSummary {
  id: string;
  subject: string;
  subjects?: string[];
  ring: string | null;
  state: CaseState;
  outcome: CaseOutcome | null;
  assignee: string | null;
  /** The case's priority, 0–1 (its alerts, patterns, amounts, listed links and ring combined). */
  risk: number;
  /** Why it has that priority, largest part first; the contributions add up to `risk`. */
  risk_reasons?: RiskReason[];
  alert_count: number;
  first_alert_at: string;
  last_alert_at: string;
  opened_at: string;
  updated_at: string;
  closed_at?: string | null;
  version?: number;
  /** The actions open to the caller now, as the server's workflow decides (sent with one case). */
  allowed_actions?: string[];
  /** The outcomes the caller may close this case with. */
  close_outcomes?: CaseOutcome[];
}

export interface RiskReason {
  factor: 'peak' | 'volume' | 'breadth' | 'spread' | 'listed' | 'ring';
  weight: number;
  value: number;
  contribution: number;
  en: string;
  zh: string;
}

/** One page of a case's alerts, history or evidence (GET /v1/cases/{id}/alerts|events|evidence). */
export type CasePartPage<K extends 'alerts' | 'events' | 'evidence', T> = Page & Record<K, T[]> & { masked?: boolean };

export interface CaseList extends Page {
  cases: CaseSummary[];
}

export interface CaseAlert {
  transaction_id: string;
  time: string;
  from: string;
  to: string;
  amount: Money;
  currency: string;
  score: number;
  decision: Verdict;
  reasons: Reason[];
}

export interface CaseEvent {
  seq?: number;
  kind: string;
  actor: string;
  time: string;
  from_state: CaseState | null;
  to_state: CaseState;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface EvidenceNode {
  id: string;
  kind: string;
  listed?: boolean;
  ring?: string | null;
}

export interface EvidenceEdge {
  from: string;
  to: string;
  count: number;
  amount: Money;
  currency?: string;
  transactions: string[];
}

export interface Subgraph {
  nodes: EvidenceNode[];
  edges: EvidenceEdge[];
}

export interface EvidenceTransaction {
  id: string;
  time: string;
  from: string;
  to: string;
  amount: Money;
  currency?: string;
  channel?: string;
  [key: string]: unknown;
}

export interface Evidence {
  transaction_id: string;
  captured_at: string;
  sha256: string;
  content: {
    transactions?: EvidenceTransaction[];
    reasons?: Reason[];
    subgraph?: Subgraph;
    [key: string]: unknown;
  };
}

export interface CaseDetail {
  case: CaseSummary;
  alerts: CaseAlert[];
  events: CaseEvent[];
  evidence: Evidence[];
  /** True when personal data was masked for the caller's role. */
  masked?: boolean;
  /** Account holders as KYC knows them (masked for roles that may not see them). */
  parties?: Record<string, PartyRecord>;
}

export interface PartyRecord {
  account: string;
  account_number?: string;
  account_name?: string;
  person?: { name?: string; id_number?: string };
  entity?: { name?: string; registration_number?: string };
}

export interface PathsAnswer {
  /** The base currency of `amounts`. */
  currency: string;
  paths: Array<{ accounts: string[]; transactions: string[]; times: string[]; amounts: Money[]; hops: number }>;
}

export interface RingReason {
  name: string;
  value: number;
  weight: number;
  raw?: number;
}

export interface RingEvidence {
  transaction: string;
  from: string;
  to: string;
  time: string;
  /** In the ring list's base `currency`. */
  amount: Money;
  score: number;
}

export interface Ring {
  ring: string;
  size: number;
  risk: number;
  reasons: RingReason[];
  members: string[];
  /** Gangs: the flagged transfers tying the ring (a list answer holds the first 200). */
  evidence?: RingEvidence[];
  evidence_total?: number;
  /** Gangs: loops of first-time links its flagged transfers closed (accounts payee first, payer last; hop transactions in that order). */
  motifs?: RingMotif[];
  /** The ring's open case, if it has one. */
  case_id?: string | null;
}

export interface RingMotif {
  kind: 'cycle';
  /** The flagged transfer that closed the loop. */
  transaction: string;
  accounts: string[];
  transactions?: string[];
}

export interface RingList extends Page {
  algorithm: string;
  currency?: string;
  review_threshold?: number;
  rings: Ring[];
}

export interface RingMember {
  account: string;
  /** Its alerts as payer or payee (counted up to 100). */
  alerts: number;
  cases: Array<{ id: string; state: CaseState; ring: string | null }>;
}

export interface RingFull extends Ring {
  algorithm: string;
  currency?: string;
  review_threshold?: number;
  member_details: RingMember[];
}

export interface ListSummary {
  list: string;
  entries: number;
}

export interface ListEntry {
  kind: string;
  value: string;
  reason?: string | null;
  source?: string | null;
  added_at?: string | null;
  list?: string;
}

export interface Rule {
  id: string;
  version: number;
  description: { en?: string; zh?: string } | string;
  severity: string;
  weight: number;
  /** Stored transactions the rule fired on. */
  hits?: number;
  /** Transactions this server process scored that the rule fired on. */
  hits_since_start?: number;
}

export interface AuditRow {
  seq: number;
  time: string;
  actor: string;
  action: string;
  subject: string | null;
  details: unknown;
}

export interface AuditPage extends Page {
  rows: AuditRow[];
  verified?: { ok: boolean; problem?: string };
}

export interface CaseActionBody {
  action: CaseActionType;
  outcome?: CaseOutcome;
  note?: string;
  assignee?: string;
  /** Comment text (sent with `note` for comments). */
  text?: string;
}

/** An ISO 20022 transfer (GET /v1/iso20022/transfers/{EndToEndId}); birth dates and coordinates masked by the server. */
export interface IsoTransfer {
  id: string;
  status: 'settled' | 'rejected' | 'pending';
  code?: string;
  messages: Array<{
    type: string;
    msgId: string;
    receivedAt: string;
    status?: string;
    facts: {
      purpose?: string;
      debtorAge?: number;
      debtorAgent?: string;
      creditorAgent?: string;
      debtorAgentCountry?: string;
      creditorAgentCountry?: string;
      crossBorder?: boolean;
      exchangeRate?: string;
    };
  }>;
}
