import { join } from 'node:path';
import { AuditLog } from './audit.js';
import { HeadKeeper, readHeadFile } from './audit-head.js';
import { openAuditKeyFile } from './audit-keys.js';
import { headMismatch } from './audit-verify.js';
import type { SecurityStore } from './store-port.js';
import { bootstrapAdmin } from './users.js';

export interface SecuritySetup {
  users: SecurityStore;
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
   * case filer's rows reach disk with its watermark. Same chain, key and signed head; its
   * checkpoints are signed on the signer's worker thread, not on the event loop.
   */
  batchedAudit(): AuditLog;
  /** Writes the signed head for everything appended (the stores are closed by their owner). */
  close(): Promise<void>;
}

/** The audit signing key lives beside the store (`dir`), not in it (see audit-keys.ts for why). */
export function auditKeyPath(dir: string): string {
  return join(dir, 'audit-signing-key.json');
}

/** The signed head of the audit log lives beside the key, out of reach of whoever edits the database. */
export function auditHeadPath(dir: string): string {
  return join(dir, 'audit-head.json');
}

/** Where the security modules' data lives: the opened stores (see store/open.ts), passed in. */
export interface SecuritySource {
  /** Users, sessions and the audit log, committing durably. */
  readonly security: SecurityStore;
  /** The same store for background writers whose rows a later durable commit makes durable. */
  background(): { security: SecurityStore };
  /** The folder beside the store for the signing key and the signed head. */
  readonly dir: string;
}

export interface SecurityOptions {
  /** Longest delay between an audit append and the signed head covering it (default 1000 ms). */
  headIntervalMs?: number;
}

/**
 * Opens users, sessions and the audit log in the given store, with the audit signing key and
 * the signed head beside it; on first run creates the admin with a one-time
 * password. A head file that the log no longer matches (rows deleted or rewritten while the
 * server was down) is left untouched, and reported in `headProblem`.
 */
export async function openSecurity(source: SecuritySource, options: SecurityOptions = {}): Promise<SecuritySetup> {
  const users = source.security;
  const keyFile = auditKeyPath(source.dir);
  const headFile = auditHeadPath(source.dir);
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
  return {
    users, audit, bootstrap, keyFile, headFile, headProblem,
    batchedAudit: () => new AuditLog(source.background().security, signer, { head, signOffThread: true }),
    // The stores belong to whoever opened them (and close with them).
    close: async () => {
      await head.flush();
    },
  };
}
