/**
 * Schema of the embedded store; bump the version when it changes (every statement is idempotent:
 * 1 → 2 added list_events, 2 → 3 added tallies, filled from the stored transactions by TALLY_BACKFILL_SQL,
 * 3 → 4 added list_events.position (LIST_POSITION_SQL on older stores) and leases, 4 → 5 moved the
 * alerts' by-account indexes into alert_accounts, filled behind the appends (sqlite-alert-accounts.ts)).
 */
export const SCHEMA_VERSION = 5;

/**
 * Columns added to `transactions` after the first schema, each with its type: added to an older
 * store when it is opened (checked by name, so the order of schema versions does not matter).
 */
export const ADDED_TRANSACTION_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['purpose', 'TEXT'], ['payer_age', 'INTEGER'], ['geo', 'TEXT'],
];

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS transactions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  time INTEGER NOT NULL,
  from_account TEXT NOT NULL,
  to_account TEXT NOT NULL,
  amount INTEGER NOT NULL,          -- exact minor units
  currency TEXT NOT NULL,
  channel TEXT NOT NULL,
  from_type TEXT NOT NULL,
  to_type TEXT NOT NULL,
  device TEXT, ip TEXT, phone TEXT, country TEXT, counterparty_bank TEXT,
  purpose TEXT, payer_age INTEGER, geo TEXT,
  score REAL NOT NULL,
  decision TEXT NOT NULL,
  reasons TEXT NOT NULL             -- JSON array of reasons
);
CREATE TABLE IF NOT EXISTS alerts (
  seq INTEGER PRIMARY KEY,
  transaction_id TEXT NOT NULL UNIQUE,
  time INTEGER NOT NULL,
  from_account TEXT NOT NULL,
  to_account TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  score REAL NOT NULL,
  decision TEXT NOT NULL,
  reasons TEXT NOT NULL
);
-- An alert's accounts (payer and payee), indexed behind the appends from a watermark (settings
-- 'alert_accounts_seq'): see sqlite-alert-accounts.ts. Stores before version 5 indexed
-- alerts.from_account and alerts.to_account in every append instead; those indexes are dropped.
CREATE TABLE IF NOT EXISTS alert_accounts (
  account TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account, seq)
) WITHOUT ROWID;
DROP INDEX IF EXISTS alerts_from;
DROP INDEX IF EXISTS alerts_to;
CREATE TABLE IF NOT EXISTS list_events (
  seq INTEGER PRIMARY KEY,
  op TEXT NOT NULL CHECK (op IN ('add', 'remove')),
  list TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  added_at TEXT NOT NULL,
  after_transactions INTEGER NOT NULL,  -- applied after this many logged transactions
  position INTEGER                      -- stream sequence of a change that came through a stream
);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- Running counts of what the store holds, kept in the same SQLite transaction as the rows they
-- count: 'decision:<VERDICT>' (transactions by verdict) and 'rule:<id>' (transactions a rule fired on).
CREATE TABLE IF NOT EXISTS tallies (
  name TEXT PRIMARY KEY,
  n INTEGER NOT NULL
);
-- Leases (a stream worker's claim on its partition): holder and expiry in epoch ms.
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

/** list_events.position on a store from before version 4, then its unique index (run after SCHEMA_SQL). */
export const LIST_POSITION_SQL = `ALTER TABLE list_events ADD COLUMN position INTEGER;`;
export const LIST_POSITION_INDEX_SQL = `CREATE UNIQUE INDEX IF NOT EXISTS list_events_position ON list_events (position);`;

/** Recounts the tallies from the stored transactions (run once when a store is upgraded to version 3). */
export const TALLY_BACKFILL_SQL = `
DELETE FROM tallies;
INSERT INTO tallies (name, n) SELECT 'decision:' || decision, count(*) FROM transactions GROUP BY decision;
INSERT INTO tallies (name, n)
  SELECT 'rule:' || rule, count(*) FROM (
    SELECT DISTINCT t.seq, json_extract(j.value, '$.rule') AS rule FROM transactions t, json_each(t.reasons) j
  ) WHERE rule IS NOT NULL GROUP BY rule;
`;
