import type Database from 'better-sqlite3';
import { appendOnlyTriggers } from './sqlite-append-only.js';
import { connection } from './sqlite-open.js';
import type { SharedCheckpoints } from './wal-checkpointer.js';
import { GENESIS_HASH } from '../security/audit-chain.js';
import type { Role } from '../security/roles.js';
import type {
  AuditCheckpoint, AuditHead, AuditRow, AuditWrite, SecurityStore, SessionRecord, UserPatch, UserRecord,
} from '../security/store-port.js';

/**
 * The security tables in the engine's SQLite file. Every statement is idempotent (IF NOT EXISTS),
 * so opening an existing database changes nothing; the engine's own schema version
 * (`user_version`, owned by sqlite.ts) is left alone.
 *
 * The audit tables carry triggers that refuse UPDATE and DELETE. They stop accidents, not an
 * attacker (who can drop them): the hash chain and signed checkpoints are what catch tampering.
 */
export const SECURITY_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY,            -- 1, 2, 3, … assigned from the chain head; never reused
  time TEXT NOT NULL,                 -- ISO-8601 UTC
  actor TEXT NOT NULL,                -- user:<name> | key:<id> | system
  action TEXT NOT NULL,
  subject TEXT,
  details TEXT NOT NULL,              -- canonical JSON
  prev_hash TEXT NOT NULL,            -- hex SHA-256 of row seq-1 (64 zeros for row 1)
  hash TEXT NOT NULL                  -- hex SHA-256 over the canonical row, see security/audit-chain.ts
);
CREATE INDEX IF NOT EXISTS audit_log_subject ON audit_log (subject);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor);
CREATE TABLE IF NOT EXISTS audit_checkpoints (
  id INTEGER PRIMARY KEY,             -- 1, 2, 3, …
  seq INTEGER NOT NULL,               -- last audit_log row covered
  head_hash TEXT NOT NULL,            -- audit_log.hash at seq
  time TEXT NOT NULL,
  alg TEXT NOT NULL,                  -- 'ML-DSA-65'
  key_id TEXT NOT NULL,               -- hex of the first 16 bytes of SHA-256(public key)
  signature BLOB NOT NULL
);
${appendOnlyTriggers('audit_log', 'audit_checkpoints')}
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,      -- lower case
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,                 -- admin | supervisor | analyst | auditor
  password_hash TEXT NOT NULL,        -- scrypt$N$r$p$salt$hash
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS user_sessions (
  token_hash TEXT PRIMARY KEY,        -- hex SHA-256 of the token; the token is never stored
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,        -- epoch ms
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,        -- idle expiry
  absolute_expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS user_sessions_user ON user_sessions (user_id);
`;

interface UserRow extends Omit<UserRecord, 'must_change_password' | 'disabled' | 'role'> {
  role: string;
  must_change_password: number;
  disabled: number;
}

function toUser(r: UserRow): UserRecord {
  return { ...r, role: r.role as Role, must_change_password: r.must_change_password !== 0, disabled: r.disabled !== 0 };
}

interface CheckpointRow extends Omit<AuditCheckpoint, 'signature'> {
  signature: Buffer;
}

function toCheckpoint(r: CheckpointRow): AuditCheckpoint {
  return { ...r, signature: new Uint8Array(r.signature) };
}

const PATCH_COLUMNS = ['display_name', 'role', 'password_hash', 'must_change_password', 'disabled', 'password_changed_at', 'updated_at'] as const;

export interface SqliteSecurityOptions {
  /** Only when opening by path: 'full' (default) fsyncs every commit. */
  durability?: 'full' | 'normal';
  /** Only when opening by path: the file's checkpoint worker, which takes this connection's checkpoints. */
  checkpoints?: SharedCheckpoints;
}

/**
 * SecurityStore on better-sqlite3. Pass the engine's open `Database` to share its file and
 * connection (it is then not closed here), or a path to open a connection of its own.
 */
export class SqliteSecurityStore implements SecurityStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly owned: boolean;
  private readonly write: (build: (head: AuditHead) => AuditWrite) => AuditWrite;

  constructor(database: Database.Database | string, options: SqliteSecurityOptions = {}) {
    ({ db: this.db, owned: this.owned } = connection(database, options.durability, options.checkpoints));
    this.db.exec(SECURITY_SCHEMA_SQL);

    const head = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const lastCp = this.db.prepare('SELECT id, seq FROM audit_checkpoints ORDER BY id DESC LIMIT 1');
    const insertRow = this.db.prepare(
      `INSERT INTO audit_log (seq, time, actor, action, subject, details, prev_hash, hash)
       VALUES (@seq, @time, @actor, @action, @subject, @details, @prev_hash, @hash)`,
    );
    const insertCp = this.db.prepare(
      `INSERT INTO audit_checkpoints (id, seq, head_hash, time, alg, key_id, signature)
       VALUES (@id, @seq, @head_hash, @time, @alg, @key_id, @signature)`,
    );
    const tx = this.db.transaction((build: (head: AuditHead) => AuditWrite): AuditWrite => {
      const h = head.get() as { seq: number; hash: string } | undefined;
      const c = lastCp.get() as { id: number; seq: number } | undefined;
      const written = build({ seq: h?.seq ?? 0, hash: h?.hash ?? GENESIS_HASH, checkpointId: c?.id ?? 0, checkpointSeq: c?.seq ?? -1 });
      for (const r of written.rows ?? []) insertRow.run(r);
      if (written.checkpoint) insertCp.run({ ...written.checkpoint, signature: Buffer.from(written.checkpoint.signature) });
      for (const k of written.checkpoints ?? []) insertCp.run({ ...k, signature: Buffer.from(k.signature) });
      return written;
    });
    // IMMEDIATE takes the write lock before reading the head, so two processes cannot both extend it.
    this.write = (build) => tx.immediate(build);
  }

  /** The better-sqlite3 connection (shared or owned). */
  get database(): Database.Database {
    return this.db;
  }

  // ---- audit ----------------------------------------------------------------------------------

  async writeAudit(build: (head: AuditHead) => AuditWrite): Promise<AuditWrite> {
    return this.write(build);
  }

  async auditRows(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return this.db
      .prepare('SELECT seq, time, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit) as AuditRow[];
  }

  async auditCheckpoints(afterId: number, limit: number): Promise<AuditCheckpoint[]> {
    const rows = this.db
      .prepare('SELECT id, seq, head_hash, time, alg, key_id, signature FROM audit_checkpoints WHERE id > ? ORDER BY id LIMIT ?')
      .all(afterId, limit) as CheckpointRow[];
    return rows.map(toCheckpoint);
  }

  // ---- users ----------------------------------------------------------------------------------

  async insertUser(u: UserRecord): Promise<boolean> {
    const info = this.db
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, must_change_password, disabled,
           created_at, updated_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(u.id, u.username, u.display_name, u.role, u.password_hash, u.must_change_password ? 1 : 0, u.disabled ? 1 : 0,
        u.created_at, u.updated_at, u.password_changed_at);
    return info.changes === 1;
  }

  async findUser(username: string): Promise<UserRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return r && toUser(r);
  }

  async findUserById(id: string): Promise<UserRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return r && toUser(r);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  async countUsers(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async updateUser(id: string, patch: UserPatch): Promise<boolean> {
    const sets: string[] = [];
    const args: Array<string | number> = [];
    for (const col of PATCH_COLUMNS) {
      const v = patch[col];
      if (v === undefined) continue;
      sets.push(`${col} = ?`);
      args.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    const info = this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    return info.changes === 1;
  }

  // ---- sessions -------------------------------------------------------------------------------

  async insertSession(s: SessionRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO user_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at)
         VALUES (@token_hash, @user_id, @created_at, @last_seen_at, @expires_at, @absolute_expires_at)`,
      )
      .run(s);
  }

  async findSession(tokenHash: string): Promise<SessionRecord | undefined> {
    return this.db.prepare('SELECT * FROM user_sessions WHERE token_hash = ?').get(tokenHash) as SessionRecord | undefined;
  }

  async touchSession(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    this.db.prepare('UPDATE user_sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?').run(lastSeenAt, expiresAt, tokenHash);
  }

  async deleteSession(tokenHash: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM user_sessions WHERE token_hash = ?').run(tokenHash).changes === 1;
  }

  async deleteUserSessions(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM user_sessions WHERE user_id = ?').run(userId).changes;
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.db.prepare('DELETE FROM user_sessions WHERE expires_at <= ? OR absolute_expires_at <= ?').run(now, now).changes;
  }

  /** Closes the connection if this store opened it; a shared connection is left to its owner. */
  async close(): Promise<void> {
    if (this.owned) this.db.close();
  }
}
