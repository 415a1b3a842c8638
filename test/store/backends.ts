import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../helpers/postgres.js';

/**
 * The store adapters every contract test runs on: SQLite (a file in a temporary directory) and
 * PostgreSQL (a real server started for the test file). PostgreSQL is skipped, with the reason
 * printed, only outside CI when no server binaries are installed.
 */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Set when this backend cannot run here (the test is skipped with it). */
  skip?: string;
  /** A store URL for a new, empty store. */
  fresh(label: string): Promise<string>;
  /** Raw SQL against the store (tamper checks: what the adapters' own guards refuse). */
  exec(url: string, sql: string): Promise<void>;
  /** The server itself (PostgreSQL only): to stop and restart it. */
  server?: () => TestPostgres;
}

let counter = 0;

/** Registers before/after hooks on the calling test file and returns the backends. */
export function storeBackends(): Backend[] {
  const dir = mkdtempSync(join(tmpdir(), 'rw-contract-'));
  // Files kept beside a PostgreSQL store (signing key, signed head, name lists) go here, not into
  // the working directory's ./ringwatch-data.
  process.env.RINGWATCH_DATA_DIR = join(dir, 'data');
  const skip = postgresSkipReason();
  if (skip) process.stdout.write(`# postgres: ${skip}\n`);
  let server: TestPostgres | undefined;
  before(async () => {
    if (!skip) server = await startPostgres();
  });
  after(() => {
    server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return [
    {
      name: 'sqlite',
      fresh: async (label) => join(dir, `${label}-${++counter}.db`),
      exec: async (url, sql) => {
        const db = new Database(url);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
    },
    {
      name: 'postgres',
      skip,
      fresh: async (label) => server!.createDatabase(`${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${++counter}`),
      exec: async (url, sql) => {
        const { default: pg } = await import('pg');
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await c.query(sql);
        } finally {
          await c.end();
        }
      },
      server: () => server!,
    },
  ];
}

/** The security store of a fresh store on `backend`; closing it closes the whole store. */
export async function freshSecurityStore(backend: Backend, label: string): Promise<import('../../src/security/store-port.js').SecurityStore & { close(): Promise<void> }> {
  const { openStores } = await import('../../src/store/open.js');
  const stores = await openStores(await backend.fresh(label), { durability: 'normal' });
  const store = stores.security;
  return new Proxy(store as typeof store & { close(): Promise<void> }, {
    get: (target, key) => {
      if (key === 'close') return () => stores.close();
      const v = Reflect.get(target, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
