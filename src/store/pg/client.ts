import pg from 'pg';

/** int8 (bigint) columns and counts as JS numbers: every stored integer is below 2^53 (amounts are checked). */
const INT8_OID = 20;

function types(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/**
 * A connection pool to the store's database. `durable` false commits with synchronous_commit off:
 * such a commit survives a Ringwatch crash at once, and a server crash once a later durable commit
 * (which flushes the write-ahead log up to itself) has returned.
 */
export function createPool(url: string, durable: boolean, max = 4): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: types(),
    application_name: 'ringwatch',
    options: durable ? '-c synchronous_commit=on' : '-c synchronous_commit=off',
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection dropped by the server (a restart) is an error on the pool, not a crash.
  pool.on('error', () => undefined);
  return pool;
}

export type Queryable = pg.Pool | pg.PoolClient;

/** Runs `work` in one transaction on one connection: all of it commits, or none of it. */
export async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let broken = false;
  // A connection lost mid-transaction (a server restart) is an 'error' event on the client as well
  // as the failed query; unheard, the event would crash the process.
  const lost = (): void => void (broken = true);
  c.on('error', lost);
  try {
    await c.query('BEGIN');
    const out = await work(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => (broken = true));
    throw err;
  } finally {
    // A connection that could not even roll back is dropped, not reused.
    c.off('error', lost);
    c.release(broken);
  }
}

/** Advisory lock keys: one writer at a time where order matters (log sequence, audit head, case grouping). */
export const LOCKS = { log: 0x5257_0001, audit: 0x5257_0002, cases: 0x5257_0003, migrate: 0x5257_0004 } as const;
