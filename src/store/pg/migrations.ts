import type pg from 'pg';
import { LOCKS } from './client.js';

/**
 * Versioned migrations of the PostgreSQL store. Each runs once, in its own transaction, recorded
 * in ringwatch_schema; they are never edited once released — a change is a new migration.
 * Amounts and times are bigint (exact minor units, epoch ms), reasons and details JSON text
 * (kept byte for byte), as in the SQLite store.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'transactions, alerts, list changes, settings',
    sql: `
CREATE TABLE transactions (
  seq bigint PRIMARY KEY,             -- replay order: the source's position, or the next after the highest
  id text NOT NULL UNIQUE,
  time bigint NOT NULL,
  from_account text NOT NULL,
  to_account text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  channel text NOT NULL,
  from_type text NOT NULL,
  to_type text NOT NULL,
  device text, ip text, phone text, country text, counterparty_bank text,
  score double precision NOT NULL,
  decision text NOT NULL,
  reasons text NOT NULL
);
CREATE TABLE alerts (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id text NOT NULL UNIQUE,
  time bigint NOT NULL,
  from_account text NOT NULL,
  to_account text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  score double precision NOT NULL,
  decision text NOT NULL,
  reasons text NOT NULL
);
CREATE INDEX alerts_from ON alerts (from_account);
CREATE INDEX alerts_to ON alerts (to_account);
CREATE TABLE list_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  op text NOT NULL CHECK (op IN ('add', 'remove')),
  list text NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  reason text NOT NULL,
  source text NOT NULL,
  added_at text NOT NULL,
  after_transactions bigint NOT NULL
);
CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
`,
  },
  {
    version: 2,
    name: 'cases, case alerts, history and evidence',
    sql: `
CREATE TABLE cases (
  id text PRIMARY KEY,
  subject text NOT NULL,
  subjects text NOT NULL,
  ring text,
  state text NOT NULL CHECK (state IN ('new', 'assigned', 'investigating', 'escalated', 'closed')),
  outcome text CHECK (outcome IS NULL OR outcome IN ('false_positive', 'confirmed', 'reported')),
  assignee text,
  risk double precision NOT NULL,
  alert_count integer NOT NULL,
  first_alert_at text NOT NULL,
  last_alert_at text NOT NULL,
  opened_at text NOT NULL,
  updated_at text NOT NULL,
  closed_at text,
  version integer NOT NULL
);
CREATE INDEX cases_state_risk ON cases (state, risk);
CREATE INDEX cases_assignee ON cases (assignee);
CREATE INDEX cases_subject ON cases (subject);
CREATE INDEX cases_ring ON cases (ring);
CREATE TABLE case_alerts (
  transaction_id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases (id),
  subject text NOT NULL,
  ring text,
  time text NOT NULL,
  from_account text NOT NULL,
  to_account text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  score double precision NOT NULL,
  decision text NOT NULL,
  reasons text NOT NULL,
  added_at text NOT NULL
);
CREATE INDEX case_alerts_case ON case_alerts (case_id, time);
CREATE INDEX case_alerts_subject ON case_alerts (subject);
CREATE TABLE case_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases (id),
  kind text NOT NULL,
  actor text NOT NULL,
  time text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  note text,
  data text NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, seq);
CREATE TABLE case_evidence (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases (id),
  transaction_id text NOT NULL,
  captured_at text NOT NULL,
  content text NOT NULL,
  sha256 text NOT NULL
);
CREATE INDEX case_evidence_case ON case_evidence (case_id, seq);
CREATE FUNCTION ringwatch_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION ringwatch_append_only();
CREATE TRIGGER case_evidence_append_only BEFORE UPDATE OR DELETE ON case_evidence FOR EACH ROW EXECUTE FUNCTION ringwatch_append_only();
`,
  },
  {
    version: 3,
    name: 'audit log, checkpoints, users, sessions',
    sql: `
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  time text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  subject text,
  details text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject);
CREATE INDEX audit_log_actor ON audit_log (actor);
CREATE TABLE audit_checkpoints (
  id bigint PRIMARY KEY,
  seq bigint NOT NULL,
  head_hash text NOT NULL,
  time text NOT NULL,
  alg text NOT NULL,
  key_id text NOT NULL,
  signature bytea NOT NULL
);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION ringwatch_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION ringwatch_append_only();
CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  password_changed_at text NOT NULL
);
CREATE TABLE user_sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  absolute_expires_at bigint NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);
`,
  },
  {
    version: 4,
    name: 'parties and ISO 20022 messages',
    sql: `
CREATE TABLE parties (account text PRIMARY KEY, details text NOT NULL, updated_at text NOT NULL);
CREATE TABLE iso20022_messages (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  msg_id text NOT NULL UNIQUE,
  type text NOT NULL,
  end_to_end_id text NOT NULL,
  hash text NOT NULL,
  received_at text NOT NULL,
  status text,
  transfer text,
  facts text NOT NULL
);
CREATE INDEX iso20022_messages_e2e ON iso20022_messages (end_to_end_id, seq);
`,
  },
  {
    version: 5,
    name: 'tallies: stored transactions by verdict and per rule, kept with every append',
    sql: `
CREATE TABLE tallies (name text PRIMARY KEY, n bigint NOT NULL);
INSERT INTO tallies (name, n) SELECT 'decision:' || decision, count(*) FROM transactions GROUP BY decision;
INSERT INTO tallies (name, n)
  SELECT 'rule:' || (e->>'rule'), count(DISTINCT t.id)
  FROM transactions t, jsonb_array_elements(t.reasons::jsonb) AS e
  WHERE e->>'rule' IS NOT NULL GROUP BY e->>'rule';
`,
  },
  {
    version: 6,
    name: 'stream positions of list changes, leases',
    sql: `
ALTER TABLE list_events ADD COLUMN position bigint UNIQUE;
CREATE TABLE leases (name text PRIMARY KEY, holder text NOT NULL, expires_at bigint NOT NULL);
`,
  },
  {
    version: 7,
    name: 'transactions: payment facts (purpose code, payer age, geolocation)',
    sql: `
ALTER TABLE transactions ADD COLUMN purpose text, ADD COLUMN payer_age integer, ADD COLUMN geo text;
`,
  },
  {
    version: 8,
    name: 'case priority basis (cases/priority.ts); filled for existing cases right after migrating',
    sql: `ALTER TABLE cases ADD COLUMN risk_basis text;`,
  },
];

export const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;
/** The migration that added the case priority basis: stores from before it get their priorities filled once. */
export const CASE_PRIORITY_MIGRATION = 8;

/** The applied schema version: 0 for a database Ringwatch never touched. */
export async function schemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const t = await db.query<{ t: string | null }>(`SELECT to_regclass('ringwatch_schema')::text AS t`);
  if (t.rows[0].t === null) return 0;
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM ringwatch_schema');
  return r.rows[0].v ?? 0;
}

/**
 * Brings the database to the latest schema; returns the version it was at. Concurrent openers
 * (several workers starting at once) wait on an advisory lock, so each migration runs once.
 */
export async function migrate(pool: pg.Pool, where: string): Promise<number> {
  const c = await pool.connect();
  const lost = (): void => undefined;
  c.on('error', lost);
  try {
    await c.query('SELECT pg_advisory_lock($1)', [LOCKS.migrate]);
    try {
      const from = await schemaVersion(c);
      if (from > LATEST) throw new Error(`${where}: database schema ${from} is newer than this Ringwatch (${LATEST})`);
      for (const m of MIGRATIONS) {
        if (m.version <= from) continue;
        await c.query('BEGIN');
        try {
          await c.query('CREATE TABLE IF NOT EXISTS ringwatch_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
          await c.query(m.sql);
          await c.query('INSERT INTO ringwatch_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw new Error(`${where}: migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
        }
      }
      return from;
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]).catch(() => undefined);
    }
  } finally {
    c.off('error', lost);
    c.release();
  }
}

/** Drops every table Ringwatch made (the demo's --reset); migrate again to start empty. */
export async function dropAll(pool: pg.Pool): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS leases, tallies, iso20022_messages, parties, user_sessions, users, audit_checkpoints, audit_log,
    case_evidence, case_events, case_alerts, cases, settings, list_events, alerts, transactions, ringwatch_schema CASCADE;
    DROP FUNCTION IF EXISTS ringwatch_append_only() CASCADE`);
}
