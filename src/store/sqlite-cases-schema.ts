import { appendOnlyTriggers } from './sqlite-append-only.js';

/**
 * The case tables in the engine's SQLite file. Every statement is idempotent (IF NOT EXISTS), so
 * opening an existing database changes nothing; the engine's schema version (`user_version`,
 * owned by sqlite.ts) is left alone. Times are ISO-8601 UTC text (`toISOString`), which sorts and
 * compares as time does.
 *
 * History and evidence are append-only: triggers refuse UPDATE and DELETE (they stop accidents;
 * the evidence hash and the audit chain are what catch deliberate edits).
 */
export const CASES_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY,                -- CASE-<yyyymmdd>-<10 hex>
  subject TEXT NOT NULL,              -- the account of the opening alert
  subjects TEXT NOT NULL,             -- JSON array of every subject account in the case, sorted
  ring TEXT,
  state TEXT NOT NULL CHECK (state IN ('new', 'assigned', 'investigating', 'escalated', 'closed')),
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('false_positive', 'confirmed', 'reported')),
  assignee TEXT,
  risk REAL NOT NULL,                 -- priority 0-1, see cases/priority.ts
  risk_basis TEXT,                    -- JSON: what risk is computed from (NULL only before a backfill)
  alert_count INTEGER NOT NULL,
  first_alert_at TEXT NOT NULL,
  last_alert_at TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  version INTEGER NOT NULL            -- optimistic concurrency: +1 per write
);
CREATE INDEX IF NOT EXISTS cases_state_risk ON cases (state, risk);
CREATE INDEX IF NOT EXISTS cases_assignee ON cases (assignee);
CREATE INDEX IF NOT EXISTS cases_subject ON cases (subject);
CREATE INDEX IF NOT EXISTS cases_ring ON cases (ring);
CREATE TABLE IF NOT EXISTS case_alerts (
  transaction_id TEXT PRIMARY KEY,    -- a transaction is in at most one case
  case_id TEXT NOT NULL REFERENCES cases (id),
  subject TEXT NOT NULL,              -- the account it was grouped by
  ring TEXT,
  time TEXT NOT NULL,
  from_account TEXT NOT NULL,
  to_account TEXT NOT NULL,
  amount INTEGER NOT NULL,            -- exact minor units
  currency TEXT NOT NULL,
  score REAL NOT NULL,
  decision TEXT NOT NULL,
  reasons TEXT NOT NULL,              -- JSON array of reasons with their feature values
  added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_alerts_case ON case_alerts (case_id, time);
CREATE INDEX IF NOT EXISTS case_alerts_subject ON case_alerts (subject);
CREATE INDEX IF NOT EXISTS case_alerts_from ON case_alerts (from_account);
CREATE INDEX IF NOT EXISTS case_alerts_to ON case_alerts (to_account);
CREATE TABLE IF NOT EXISTS case_events (
  seq INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id),
  kind TEXT NOT NULL,                 -- open | alert | assign | reassign | investigate | escalate | close | reopen | comment | attach | export
  actor TEXT NOT NULL,
  time TEXT NOT NULL,
  from_state TEXT,                    -- NULL for open
  to_state TEXT NOT NULL,
  note TEXT,
  data TEXT NOT NULL                  -- JSON: assignee, outcome, comment text, attachment metadata, …
);
CREATE INDEX IF NOT EXISTS case_events_case ON case_events (case_id, seq);
CREATE TABLE IF NOT EXISTS case_evidence (
  seq INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id),
  transaction_id TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  content TEXT NOT NULL,              -- canonical JSON, see cases/evidence.ts
  sha256 TEXT NOT NULL                -- hex SHA-256 of content
);
CREATE INDEX IF NOT EXISTS case_evidence_case ON case_evidence (case_id, seq);
${appendOnlyTriggers('case_events', 'case_evidence')}
`;
