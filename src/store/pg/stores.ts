import type pg from 'pg';
import type { CaseStore } from '../../cases/store-port.js';
import type { SecurityStore } from '../../security/store-port.js';
import { lazy, StoreMissingError, type OpenOptions, type Stores } from '../stores.js';
import { backfillCasePriorities, PgCaseStore } from './cases.js';
import { createPool } from './client.js';
import { CASE_PRIORITY_MIGRATION, dropAll, LATEST, migrate, schemaVersion } from './migrations.js';
import { PgPartyStore } from './parties.js';
import { PgPaymentMessageStore } from './payments.js';
import { PgSecurityStore } from './security.js';
import { PgTransactionStore } from './transactions.js';

/**
 * Every store in one PostgreSQL database: connects, checks that the server answers, and brings the
 * schema to the latest version (or, with `mustExist`, refuses a database Ringwatch never set up,
 * creating nothing). One pool commits durably; background writers get a second pool whose commits
 * do not wait for the disk (see createPool).
 */
export async function openPostgresStores(url: string, where: string, dir: string, options: OpenOptions = {}): Promise<Stores> {
  const durable = (options.durability ?? 'full') === 'full';
  const pool = createPool(url, durable);
  let created = false;
  try {
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      throw new Error(`cannot reach the PostgreSQL store ${where}: ${(err as Error).message}`);
    }
    if (options.reset) await dropAll(pool);
    const version = await schemaVersion(pool);
    if (options.mustExist && version === 0) throw new StoreMissingError(where, 'the database has no Ringwatch tables');
    if (version < LATEST) await migrate(pool, where);
    if (version > 0 && version < CASE_PRIORITY_MIGRATION) await backfillCasePriorities(pool);
    created = version === 0;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  let relaxed: pg.Pool | undefined;
  const transactions = new PgTransactionStore(pool);
  const payments = lazy(() => new PgPaymentMessageStore(pool, transactions));
  const cases = lazy(() => new PgCaseStore(pool));
  const security = lazy(() => new PgSecurityStore(pool));
  const parties = lazy(() => new PgPartyStore(pool));
  const background = lazy((): { cases: CaseStore; security: SecurityStore } => {
    relaxed = createPool(url, false, 2);
    return { cases: new PgCaseStore(relaxed), security: new PgSecurityStore(relaxed) };
  });
  let closed = false;
  return {
    kind: 'postgres', where, dir, created,
    transactions,
    get cases() { return cases(); },
    get security() { return security(); },
    get parties() { return parties(); },
    get payments() { return payments(); },
    background,
    close: async () => {
      if (closed) return;
      closed = true;
      await relaxed?.end();
      await pool.end();
    },
  };
}
