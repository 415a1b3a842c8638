import { dirname, join } from 'node:path';
import { SqliteSecurityStore } from '../store/sqlite-security.js';
import { AuditLog } from './audit.js';
import { HeadKeeper, readHeadFile } from './audit-head.js';
import { openAuditKeyFile } from './audit-keys.js';
import { headMismatch } from './audit-verify.js';
import { bootstrapAdmin } from './users.js';

export interface SecuritySetup {
  users: SqliteSecurityStore;
  audit: AuditLog;
  /** The first-run admin's one-time password, to print once. */
  bootstrap?: { username: string; password: string };
  keyFile: string;
  headFile: string;
  /** Set when the log no longer matches its signed head: the head is kept as evidence, not advanced. */
  headProblem?: string;
  /**
   * The audit log over a second connection that does not fsync each append (SQLite synchronous
   * NORMAL), for writers whose rows a later fsync'ing commit to the same file makes durable: the
   * case filer's rows reach disk with its watermark. Same chain, key and signed head.
   */
  batchedAudit(): AuditLog;
  /** Writes the signed head for everything appended, then closes the store. */
  close(): Promise<void>;
}

/** The audit signing key lives beside the database, not in it (see audit-keys.ts for why). */
export function auditKeyPath(dbPath: string): string {
  return join(dirname(dbPath), 'audit-signing-key.json');
}

/** The signed head of the audit log lives beside the key, out of reach of whoever edits the database. */
export function auditHeadPath(dbPath: string): string {
  return join(dirname(dbPath), 'audit-head.json');
}

export interface SecurityOptions {
  /** Longest delay between an audit append and the signed head covering it (default 1000 ms). */
  headIntervalMs?: number;
}

/**
 * Opens users, sessions and the audit log in the engine's database file, with the audit
 * signing key and the signed head beside it; on first run creates the admin with a one-time
 * password. A head file that the log no longer matches (rows deleted or rewritten while the
 * server was down) is left untouched, and reported in `headProblem`.
 */
export async function openSecurity(dbPath: string, durability: 'full' | 'normal', options: SecurityOptions = {}): Promise<SecuritySetup> {
  const users = new SqliteSecurityStore(dbPath, { durability });
  const keyFile = auditKeyPath(dbPath);
  const headFile = auditHeadPath(dbPath);
  const { signer, created } = await openAuditKeyFile(keyFile, { create: true });
  const onFile = await readHeadFile(headFile);
  const head = new HeadKeeper(signer, headFile, onFile, { intervalMs: options.headIntervalMs });
  const audit = new AuditLog(users, signer, { head });
  const current = await audit.currentHead();
  const headProblem = await headMismatch(users, onFile, signer.publicKey, current);
  if (headProblem) head.freeze(headProblem);
  const bootstrap = await bootstrapAdmin(users);
  if (created) await audit.append({ actor: 'system', action: 'config.change', subject: 'audit-key', details: { key_id: signer.keyId } });
  if (bootstrap) await audit.append({ actor: 'system', action: 'user.create', subject: `user:${bootstrap.username}`, details: { role: 'admin', one_time_password: true } });
  if (!headProblem) {
    const now = await audit.currentHead();
    head.note(now.seq, now.hash);
    await head.flush();
  }
  let relaxed: SqliteSecurityStore | undefined;
  return {
    users, audit, bootstrap, keyFile, headFile, headProblem,
    batchedAudit: () => new AuditLog((relaxed ??= new SqliteSecurityStore(dbPath, { durability: 'normal' })), signer, { head }),
    close: async () => {
      await head.flush();
      await relaxed?.close();
      await users.close();
    },
  };
}
