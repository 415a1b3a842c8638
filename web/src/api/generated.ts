// Generated from src/api/wire-schemas.ts by `npm run gen:web-types`; do not edit by hand.
// test/api/wire-types.test.ts fails when this file and the server's schemas differ.

/** An exact decimal string in major units ("30000.00"); its ISO 4217 currency is given beside it. */
export type Money = string;

/** ISO 4217 code. */
export type Currency = string;

export type Verdict = "ALLOW" | "REVIEW" | "BLOCK";

/** Why a transaction was flagged: one fired rule (or the model) with the feature values behind it. */
export type Reason = {
  rule: string;
  typology?: string;
  weight: number;
  /** Feature values by feature name (numbers; money features in the base currency's major units). */
  values: Record<string, number | string>;
  /** A model's log-odds contribution per feature. */
  contributions?: Record<string, number>;
  /** The reason in one line, as the CSV output writes it. */
  text: string;
  /** A model's reason in plain words: each feature, its value and whether it raised or lowered the risk. */
  words?: {
    en: string;
    zh: string;
  };
  /** A pattern reason's accounts in order: the cycle of first-time links the transfer closed, payee first, payer last. */
  accounts?: Array<string>;
  /** A pattern reason's other transactions in order: the hops of the cycle before this transfer, from the payee round to the payer. */
  transactions?: Array<string>;
};

/** What every list answer carries beside its items. */
export type Page = {
  /** All that match. */
  total: number;
  limit: number;
  offset: number;
};

export type Transaction = {
  id: string;
  /** ISO-8601 UTC. */
  time: string;
  from: string;
  to: string;
  amount: Money;
  currency: Currency;
  channel: string;
  from_type: "natural" | "legal";
  to_type: "natural" | "legal";
  device?: string;
  ip?: string;
  phone?: string;
  country?: string;
  counterparty_bank?: string;
  /** ISO 20022 purpose code (e.g. SALA, GDDS). */
  purpose?: string;
  /** The payer's age in whole years at the transaction's time. */
  payer_age?: number;
  /** Where the payment was initiated: "latitude,longitude" (masked to whole degrees without pii.unmask). */
  geo?: string;
  /** Payer's name as the message carries it: screened against the name lists, not stored. */
  from_name?: string;
  /** Payee's name as the message carries it: screened against the name lists, not stored. */
  to_name?: string;
};

export type Decision = {
  id: string;
  score: number;
  decision: Verdict;
  reasons: Array<Reason>;
  /** The same transaction was sent before; this is the stored decision. */
  duplicate?: boolean;
  /** GET /v1/decisions/{id}: the transaction decided on. */
  transaction?: Transaction;
};

export type Alert = {
  seq?: number;
  transaction_id: string;
  /** ISO-8601 UTC. */
  time: string;
  from: string;
  to: string;
  amount: Money;
  currency: Currency;
  score: number;
  decision: Verdict;
  reasons: Array<Reason>;
};

/** A screening case's evidence (content.screening): the party as screened beside the list entry it matched, the score and the matcher's reasons (masked like the names and dates they quote). */
export type ScreeningEvidence = {
  list: string;
  list_version: number;
  /** When that list version came into force. */
  list_as_of: string;
  score: number;
  /** The threshold the hit reached. */
  threshold: number;
  match_reasons: Array<string>;
  query: {
    account: string;
    name: string;
    dob?: string;
    country?: string;
    id_no?: string;
  };
  entry: {
    list_id: string;
    name: string;
    kind: string;
    aliases: Array<string>;
    country: string;
    dob: string;
    id_no: string;
    source: string;
  };
};

/** GET /v1/stats: counts of what the store holds; only tps_recent and since_start are this server process's. */
export type Stats = {
  transactions: number;
  /** Stored transactions by verdict. */
  decisions: Record<string, number>;
  alerts: number;
  /** Stored cases by workflow state (null without cases). */
  cases: Record<string, number> | null;
  alerts_by_day: Array<{
    day: string;
    REVIEW: number;
    BLOCK: number;
  }>;
  top_rules: Array<{
    rule: string;
    hits: number;
  }>;
  top_rings: Array<{
    ring: string;
    risk: number;
    size: number;
  }>;
  /** Decisions per second over the last minute, this process. */
  tps_recent: number;
  since_start: {
    decisions: Record<string, number>;
    duplicates: number;
    rejected: number;
  };
};
