import type { Command } from 'commander';
import { readAudit } from '../security/audit.js';
import { readAuditPublicKey } from '../security/audit-keys.js';
import { verifyAudit } from '../security/audit-verify.js';
import { generatePassword } from '../security/passwords.js';
import { parseRole } from '../security/roles.js';
import { auditHeadPath, auditKeyPath, openSecurity } from '../security/setup.js';
import { readHeadFile } from '../security/audit-head.js';
import { createUser, listUsers } from '../security/users.js';
import { addStoreOptions, openCommandStores, type StoreFlags } from './options.js';

/** `ringwatch users add|list` and `ringwatch audit verify|show`: administration on the store. */
export function adminCommands(program: Command): void {
  const users = program.command('users').description('dashboard users and roles (admin, supervisor, analyst, auditor)');
  addStoreOptions(users
    .command('add')
    .argument('<username>')
    .requiredOption('--role <role>', 'admin | supervisor | analyst | auditor')
    .option('--password-env <name>', 'read the password from this environment variable (default: generate one)'))
    .description('create a user; a generated password is printed once')
    .action(async (username: string, flags: StoreFlags & { role: string; passwordEnv?: string }) => {
      const stores = await openCommandStores(flags);
      const security = await openSecurity(stores);
      try {
        const given = flags.passwordEnv ? process.env[flags.passwordEnv] : undefined;
        if (flags.passwordEnv && !given) throw new Error(`environment variable ${flags.passwordEnv} is empty`);
        const password = given ?? generatePassword();
        const user = await createUser(security.users, { username, password, role: parseRole(flags.role), mustChangePassword: !given });
        await security.audit.append({ actor: 'system:cli', action: 'user.create', subject: `user:${user.username}`, details: { role: user.role } });
        process.stdout.write(`created ${user.username} (${user.role})${given ? '' : `; one-time password: ${password}`}\n`);
      } finally {
        await security.close();
        await stores.close();
      }
    });
  addStoreOptions(users.command('list'))
    .action(async (flags: StoreFlags) => {
      const stores = await openCommandStores(flags, { mustExist: true });
      try {
        for (const u of await listUsers(stores.security)) process.stdout.write(`${u.username}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\n`);
      } finally {
        await stores.close();
      }
    });

  const audit = program.command('audit').description('the hash-chained, ML-DSA-signed audit log');
  addStoreOptions(audit.command('verify'))
    .option('--key <file>', 'trusted audit key file (default: beside the database)')
    .option('--head <file>', 'signed head file (default: audit-head.json beside the database)')
    .description('walk the chain, the signed checkpoints and the signed head; name the first edited or deleted row')
    .action(async (flags: StoreFlags & { key?: string; head?: string }) => {
      const stores = await openCommandStores(flags, { mustExist: true });
      try {
        const publicKeys = await readAuditPublicKey(flags.key ?? auditKeyPath(stores.dir));
        const head = await readHeadFile(flags.head ?? auditHeadPath(stores.dir));
        const r = await verifyAudit(stores.security, { publicKeys, checkpointEvery: 100, head, requireHead: true });
        if (r.ok) {
          const signed = r.signedHead ? `; signed head at row ${r.signedHead.seq} (${r.signedHead.time}), ${r.signedHead.rowsAfter} rows after it` : '';
          process.stdout.write(`audit log intact: ${r.rows} rows, ${r.checkpoints} signed checkpoints, ${r.unsignedTail} rows after the last checkpoint${signed}\n`);
        } else {
          process.stdout.write(`audit log FAILED verification${r.seq !== undefined ? ` at row ${r.seq}` : ''}: ${r.problem}\n`);
          process.exitCode = 3;
        }
      } finally {
        await stores.close();
      }
    });
  addStoreOptions(audit.command('show'))
    .option('--after <seq>', 'rows after this sequence number', '0')
    .option('--limit <n>', 'rows', '50')
    .action(async (flags: StoreFlags & { after: string; limit: string }) => {
      const stores = await openCommandStores(flags, { mustExist: true });
      try {
        for (const r of await readAudit(stores.security, { afterSeq: Number(flags.after), limit: Number(flags.limit) })) {
          process.stdout.write(`${r.seq}\t${r.time}\t${r.actor}\t${r.action}\t${r.subject ?? ''}\t${JSON.stringify(r.details)}\n`);
        }
      } finally {
        await stores.close();
      }
    });
}
