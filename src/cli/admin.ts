import type { Command } from 'commander';
import { readAudit } from '../security/audit.js';
import { readAuditPublicKey } from '../security/audit-keys.js';
import { verifyAudit } from '../security/audit-verify.js';
import { generatePassword } from '../security/passwords.js';
import { parseRole } from '../security/roles.js';
import { auditHeadPath, auditKeyPath, openSecurity } from '../security/setup.js';
import { readHeadFile } from '../security/audit-head.js';
import { createUser, listUsers } from '../security/users.js';
import { SqliteSecurityStore } from '../store/sqlite-security.js';
import { DEFAULT_DB } from './options.js';

/** `ringwatch users add|list` and `ringwatch audit verify|show`: administration on the store. */
export function adminCommands(program: Command): void {
  const users = program.command('users').description('dashboard users and roles (admin, supervisor, analyst, auditor)');
  users
    .command('add')
    .argument('<username>')
    .requiredOption('--role <role>', 'admin | supervisor | analyst | auditor')
    .option('--password-env <name>', 'read the password from this environment variable (default: generate one)')
    .option('--db <path>', 'SQLite database', DEFAULT_DB)
    .description('create a user; a generated password is printed once')
    .action(async (username: string, flags: { role: string; passwordEnv?: string; db: string }) => {
      const security = await openSecurity(flags.db, 'full');
      try {
        const given = flags.passwordEnv ? process.env[flags.passwordEnv] : undefined;
        if (flags.passwordEnv && !given) throw new Error(`environment variable ${flags.passwordEnv} is empty`);
        const password = given ?? generatePassword();
        const user = await createUser(security.users, { username, password, role: parseRole(flags.role), mustChangePassword: !given });
        await security.audit.append({ actor: 'system:cli', action: 'user.create', subject: `user:${user.username}`, details: { role: user.role } });
        process.stdout.write(`created ${user.username} (${user.role})${given ? '' : `; one-time password: ${password}`}\n`);
      } finally {
        await security.close();
      }
    });
  users
    .command('list')
    .option('--db <path>', 'SQLite database', DEFAULT_DB)
    .action(async (flags: { db: string }) => {
      const store = new SqliteSecurityStore(flags.db);
      try {
        for (const u of await listUsers(store)) process.stdout.write(`${u.username}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\n`);
      } finally {
        await store.close();
      }
    });

  const audit = program.command('audit').description('the hash-chained, ML-DSA-signed audit log');
  audit
    .command('verify')
    .option('--db <path>', 'SQLite database', DEFAULT_DB)
    .option('--key <file>', 'trusted audit key file (default: beside the database)')
    .option('--head <file>', 'signed head file (default: audit-head.json beside the database)')
    .description('walk the chain, the signed checkpoints and the signed head; name the first edited or deleted row')
    .action(async (flags: { db: string; key?: string; head?: string }) => {
      const store = new SqliteSecurityStore(flags.db);
      try {
        const publicKeys = await readAuditPublicKey(flags.key ?? auditKeyPath(flags.db));
        const head = await readHeadFile(flags.head ?? auditHeadPath(flags.db));
        const r = await verifyAudit(store, { publicKeys, checkpointEvery: 100, head, requireHead: true });
        if (r.ok) {
          const signed = r.signedHead ? `; signed head at row ${r.signedHead.seq} (${r.signedHead.time}), ${r.signedHead.rowsAfter} rows after it` : '';
          process.stdout.write(`audit log intact: ${r.rows} rows, ${r.checkpoints} signed checkpoints, ${r.unsignedTail} rows after the last checkpoint${signed}\n`);
        } else {
          process.stdout.write(`audit log FAILED verification${r.seq !== undefined ? ` at row ${r.seq}` : ''}: ${r.problem}\n`);
          process.exitCode = 3;
        }
      } finally {
        await store.close();
      }
    });
  audit
    .command('show')
    .option('--db <path>', 'SQLite database', DEFAULT_DB)
    .option('--after <seq>', 'rows after this sequence number', '0')
    .option('--limit <n>', 'rows', '50')
    .action(async (flags: { db: string; after: string; limit: string }) => {
      const store = new SqliteSecurityStore(flags.db);
      try {
        for (const r of await readAudit(store, { afterSeq: Number(flags.after), limit: Number(flags.limit) })) {
          process.stdout.write(`${r.seq}\t${r.time}\t${r.actor}\t${r.action}\t${r.subject ?? ''}\t${JSON.stringify(r.details)}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
