import type { Command } from 'commander';
import { ApiKeys, DEFAULT_SCOPES, KEY_SCOPES, parseScopes } from '../security/api-keys.js';
import { openSecurity } from '../security/setup.js';
import { addStoreOptions, openCommandStores, type StoreFlags } from './options.js';

async function withKeys<T>(
  flags: StoreFlags,
  mustExist: boolean,
  fn: (keys: ApiKeys, audit: (action: string, subject: string, details: Record<string, unknown>) => Promise<void>) => Promise<T>,
): Promise<T> {
  const stores = await openCommandStores(flags, { mustExist });
  const security = await openSecurity(stores);
  if (security.bootstrap) {
    process.stdout.write(`dashboard user ${security.bootstrap.username}, one-time password (change it at first login): ${security.bootstrap.password}\n`);
  }
  try {
    const { keys } = await ApiKeys.open(stores.transactions);
    return await fn(keys, async (action, subject, details) => {
      await security.audit.append({ actor: 'system:cli', action, subject, details: details as never });
    });
  } finally {
    await security.close();
    await stores.close();
  }
}

/** `ringwatch keys list|add|revoke`: machine clients' API keys and their scopes. */
export function keysCommand(program: Command): void {
  const keys = program.command('keys').description(`API keys for machine clients, with scopes (${KEY_SCOPES.join(', ')})`);
  addStoreOptions(keys.command('list'))
    .description('every key: id, name, scopes, created, revoked (never the key itself)')
    .action(async (flags: StoreFlags) => {
      await withKeys(flags, true, async (k) => {
        process.stdout.write('id\tname\tscopes\tcreated\trevoked\n');
        for (const r of k.list()) process.stdout.write(`${r.id}\t${r.name}\t${r.scopes.join(',')}\t${r.created_at}\t${r.revoked_at ?? '-'}\n`);
      });
    });
  addStoreOptions(keys
    .command('add'))
    .argument('<name>', 'what the key is for, e.g. "core banking feed"')
    .option('--scopes <list>', `comma-separated: ${KEY_SCOPES.join(', ')}`, DEFAULT_SCOPES.join(','))
    .description('create a key; it is printed once, only its hash is kept')
    .action(async (name: string, flags: StoreFlags & { scopes: string }) => {
      const scopes = parseScopes(flags.scopes);
      await withKeys(flags, false, async (k, audit) => {
        const { key, record } = await k.add(name, scopes, 'system:cli');
        await audit('key.add', `key:${record.id}`, { name: record.name, scopes: record.scopes });
        process.stdout.write(`created key ${record.id} (${record.scopes.join(',')}): ${key}\nstore it now: it is not shown again\n`);
      });
    });
  addStoreOptions(keys
    .command('revoke')
    .argument('<id>', 'the key id shown by keys list'))
    .description('revoke a key; a running server refuses it within a second')
    .action(async (id: string, flags: StoreFlags) => {
      await withKeys(flags, true, async (k, audit) => {
        const r = await k.revoke(id, 'system:cli');
        if (!r) throw new Error(`no active key ${id} (see ringwatch keys list)`);
        await audit('key.revoke', `key:${r.id}`, { name: r.name });
        process.stdout.write(`revoked key ${r.id} (${r.name})\n`);
      });
    });
}
