import type pg from 'pg';
import { GENESIS_HASH } from '../../security/audit-chain.js';
import type { Role } from '../../security/roles.js';
import type {
  AuditCheckpoint, AuditHead, AuditRow, AuditWrite, SecurityStore, SessionRecord, UserPatch, UserRecord,
} from '../../security/store-port.js';
import { inTransaction, LOCKS } from './client.js';

interface UserRow extends Omit<UserRecord, 'role'> {
  role: string;
}

function toUser(r: UserRow): UserRecord {
  return { ...r, role: r.role as Role };
}

interface CheckpointRow extends Omit<AuditCheckpoint, 'signature'> {
  signature: Buffer;
}

const USER_COLUMNS = 'id, username, display_name, role, password_hash, must_change_password, disabled, created_at, updated_at, password_changed_at';
const PATCH_COLUMNS = ['display_name', 'role', 'password_hash', 'must_change_password', 'disabled', 'password_changed_at', 'updated_at'] as const;

/**
 * Users, sessions and the audit log on PostgreSQL. An audit write reads the head and inserts under
 * an advisory lock held to COMMIT, so writers in any number of processes extend one chain; the
 * tables refuse UPDATE and DELETE of audit rows (a trigger), as on SQLite.
 */
export class PgSecurityStore implements SecurityStore {
  readonly kind = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  async writeAudit(build: (head: AuditHead) => AuditWrite): Promise<AuditWrite> {
    return inTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.audit]);
      const h = (await c.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
      const cp = (await c.query<{ id: number; seq: number }>('SELECT id, seq FROM audit_checkpoints ORDER BY id DESC LIMIT 1')).rows[0];
      const written = build({ seq: h?.seq ?? 0, hash: h?.hash ?? GENESIS_HASH, checkpointId: cp?.id ?? 0, checkpointSeq: cp?.seq ?? -1 });
      for (const r of written.rows ?? []) {
        await c.query('INSERT INTO audit_log (seq, time, actor, action, subject, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [r.seq, r.time, r.actor, r.action, r.subject, r.details, r.prev_hash, r.hash]);
      }
      for (const k of written.checkpoint ? [written.checkpoint, ...(written.checkpoints ?? [])] : written.checkpoints ?? []) {
        await c.query('INSERT INTO audit_checkpoints (id, seq, head_hash, time, alg, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [k.id, k.seq, k.head_hash, k.time, k.alg, k.key_id, Buffer.from(k.signature)]);
      }
      return written;
    });
  }

  async auditRows(afterSeq: number, limit: number): Promise<AuditRow[]> {
    const r = await this.pool.query<AuditRow>(
      'SELECT seq, time, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
    return r.rows;
  }

  async auditCheckpoints(afterId: number, limit: number): Promise<AuditCheckpoint[]> {
    const r = await this.pool.query<CheckpointRow>(
      'SELECT id, seq, head_hash, time, alg, key_id, signature FROM audit_checkpoints WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
    return r.rows.map((x) => ({ ...x, signature: new Uint8Array(x.signature) }));
  }

  async insertUser(u: UserRecord): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [u.id, u.username, u.display_name, u.role, u.password_hash, u.must_change_password, u.disabled, u.created_at, u.updated_at, u.password_changed_at],
    );
    return r.rowCount === 1;
  }

  async findUser(username: string): Promise<UserRecord | undefined> {
    const r = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]);
    return r.rows[0] && toUser(r.rows[0]);
  }

  async findUserById(id: string): Promise<UserRecord | undefined> {
    const r = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return r.rows[0] && toUser(r.rows[0]);
  }

  async listUsers(): Promise<UserRecord[]> {
    // Byte order, as SQLite's default collation sorts.
    return (await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username COLLATE "C"`)).rows.map(toUser);
  }

  async countUsers(): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0].n;
  }

  async updateUser(id: string, patch: UserPatch): Promise<boolean> {
    const sets: string[] = [];
    const args: Array<string | boolean> = [];
    for (const col of PATCH_COLUMNS) {
      const v = patch[col];
      if (v === undefined) continue;
      args.push(v);
      sets.push(`${col} = $${args.length}`);
    }
    args.push(id);
    const r = await this.pool.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $${args.length}`, args);
    return r.rowCount === 1;
  }

  async insertSession(s: SessionRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO user_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.absolute_expires_at],
    );
  }

  async findSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const r = await this.pool.query<SessionRecord>(
      'SELECT token_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at FROM user_sessions WHERE token_hash = $1', [tokenHash]);
    return r.rows[0];
  }

  async touchSession(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await this.pool.query('UPDATE user_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3', [lastSeenAt, expiresAt, tokenHash]);
  }

  async deleteSession(tokenHash: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM user_sessions WHERE token_hash = $1', [tokenHash])).rowCount === 1;
  }

  async deleteUserSessions(userId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM user_sessions WHERE user_id = $1', [userId])).rowCount ?? 0;
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return (await this.pool.query('DELETE FROM user_sessions WHERE expires_at <= $1 OR absolute_expires_at <= $1', [now])).rowCount ?? 0;
  }

  async close(): Promise<void> {}
}
