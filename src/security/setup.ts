import { dirname, join } from 'node:path';
import { SqliteSecurityStore } from '../store/sqlite-security.js';
import { AuditLog } from './audit.js';
import { openAuditKeyFile } from './audit-keys.js';
import { bootstrapAdmin } from './users.js';

export interface SecuritySetup {
  users: SqliteSecurityStore;
  audit: AuditLog;
  /** The first-run admin's one-time password, to print once. */
  bootstrap?: { username: string; password: string };
  keyFile: string;
}

/** The audit signing key lives beside the database, not in it (see audit-keys.ts for why). */
export function auditKeyPath(dbPath: string): string {
  return join(dirname(dbPath), 'audit-signing-key.json');
}

/**
 * Opens users, sessions and the audit log in the engine's database file, with the audit
 * signing key beside it; on first run creates the admin with a one-time password.
 */
export async function openSecurity(dbPath: string, durability: 'full' | 'normal'): Promise<SecuritySetup> {
  const users = new SqliteSecurityStore(dbPath, { durability });
  const keyFile = auditKeyPath(dbPath);
  const { signer, created } = await openAuditKeyFile(keyFile, { create: true });
  const audit = new AuditLog(users, signer);
  const bootstrap = await bootstrapAdmin(users);
  if (created) await audit.append({ actor: 'system', action: 'config.change', subject: 'audit-key', details: { key_id: signer.keyId } });
  if (bootstrap) await audit.append({ actor: 'system', action: 'user.create', subject: `user:${bootstrap.username}`, details: { role: 'admin', one_time_password: true } });
  return { users, audit, bootstrap, keyFile };
}
