import { existsSync, rmSync, statSync } from 'node:fs';
import type { CaseStore } from '../cases/store-port.js';
import type { SecurityStore } from '../security/store-port.js';
import { MemoryPaymentMessageStore } from './memory-iso20022.js';
import { MemoryStore } from './memory.js';
import { SqliteCaseStore } from './sqlite-cases.js';
import { SqlitePaymentMessageStore } from './sqlite-iso20022.js';
import { SqlitePartyStore } from './sqlite-parties.js';
import { SqliteSecurityStore } from './sqlite-security.js';
import { SqliteStore } from './sqlite.js';
import { SharedCheckpoints } from './wal-checkpointer.js';
import { lazy, StoreMissingError, type OpenOptions, type Stores } from './stores.js';

/**
 * The embedded stores in one SQLite file: each store opens its own connection to the file on first
 * use (WAL mode lets them share it), as every Ringwatch command always has.
 */
export function openSqliteStores(path: string, dir: string, options: OpenOptions = {}): Stores {
  if (options.mustExist && path !== ':memory:') {
    if (!existsSync(path)) throw new StoreMissingError(path, 'the file does not exist');
    if (!statSync(path).isFile() || statSync(path).size === 0) throw new StoreMissingError(path, 'not a Ringwatch database file');
  }
  if (options.reset) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
  const created = path === ':memory:' || !existsSync(path);
  const durability = options.durability ?? 'full';
  const opened: Array<{ close(): Promise<void> | void }> = [];
  const keep = <T extends { close(): Promise<void> | void }>(s: T): T => (opened.push(s), s);
  // One checkpoint worker for every connection below: none of them checkpoints inside its commits.
  const checkpoints = path === ':memory:' || path === '' ? undefined : new SharedCheckpoints(path);
  const transactions = lazy(() => keep(new SqliteStore(path, { durability, checkpoints })));
  const cases = lazy(() => keep(new SqliteCaseStore(path, { durability, checkpoints })));
  const security = lazy(() => keep(new SqliteSecurityStore(path, { durability, checkpoints })));
  const parties = lazy(() => keep(new SqlitePartyStore(path, durability, checkpoints)));
  // On the transaction store's connection: message rows commit with the transfers they describe.
  const payments = lazy(() => keep(new SqlitePaymentMessageStore(transactions(), durability)));
  const background = lazy((): { cases: CaseStore; security: SecurityStore } => ({
    cases: keep(new SqliteCaseStore(path, { durability: 'normal', checkpoints })),
    security: keep(new SqliteSecurityStore(path, { durability: 'normal', checkpoints })),
  }));
  return {
    kind: 'sqlite', where: path, dir, created,
    get transactions() { return transactions(); },
    get cases() { return cases(); },
    get security() { return security(); },
    get parties() { return parties(); },
    get payments() { return payments(); },
    background,
    close: async () => {
      for (const s of opened.splice(0).reverse()) await s.close();
      await checkpoints?.close();
    },
  };
}

/** Nothing kept: transactions and ISO 20022 facts in memory (one-off scoring runs). */
export function openMemoryStores(dir: string): Stores {
  const transactions = lazy(() => new MemoryStore(false));
  const payments = lazy(() => new MemoryPaymentMessageStore());
  const none = (what: string): never => {
    throw new Error(`memory: keeps no ${what}; give --store PATH or --store postgres://…`);
  };
  return {
    kind: 'memory', where: 'memory:', dir, created: true,
    get transactions() { return transactions(); },
    get cases(): CaseStore { return none('cases'); },
    get security(): SecurityStore { return none('users or audit log'); },
    get parties(): never { return none('parties'); },
    get payments() { return payments(); },
    background: () => none('cases'),
    close: async () => {},
  };
}
