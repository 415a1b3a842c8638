import Database from 'better-sqlite3';
import type { Backend } from './backends.js';

/**
 * Someone with direct access to the database (not through Ringwatch): raw SQL on the store of
 * either adapter, `?` placeholders for both, and a way to drop the append-only guards of the
 * audit tables first. For tamper tests run on SQLite and PostgreSQL alike.
 */
export interface Attacker {
  run(sql: string, ...params: unknown[]): Promise<void>;
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  get<T>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** Drops the triggers that refuse UPDATE and DELETE on audit_log and audit_checkpoints. */
  dropAuditGuards(): Promise<void>;
  close(): Promise<void>;
}

export async function attacker(backend: Backend, url: string): Promise<Attacker> {
  if (backend.name === 'sqlite') {
    const db = new Database(url);
    return {
      run: async (sql, ...p) => void db.prepare(sql).run(...p),
      all: async <T>(sql: string, ...p: unknown[]) => db.prepare(sql).all(...p) as T[],
      get: async <T>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T | undefined,
      dropAuditGuards: async () => {
        for (const t of ['audit_log_no_update', 'audit_log_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete']) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
      },
      close: async () => void db.close(),
    };
  }
  const { default: pg } = await import('pg');
  // bigint columns as numbers, as the adapter reads them.
  const types = { getTypeParser: (oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) };
  const c = new pg.Client({ connectionString: url, types: types as never });
  await c.connect();
  const numbered = (sql: string): string => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const query = async <T>(sql: string, p: unknown[]): Promise<T[]> => (await c.query(numbered(sql), p)).rows as T[];
  return {
    run: async (sql, ...p) => void (await query(sql, p)),
    all: (sql, ...p) => query(sql, p),
    get: async <T>(sql: string, ...p: unknown[]) => (await query<T>(sql, p))[0],
    dropAuditGuards: async () => {
      await c.query('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log; DROP TRIGGER IF EXISTS audit_checkpoints_append_only ON audit_checkpoints');
    },
    close: () => c.end(),
  };
}
