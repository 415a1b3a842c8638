import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real PostgreSQL server for tests: initdb in a temporary directory, started on a free port
 * (TCP on 127.0.0.1 and a Unix socket in the same directory), stopped and deleted at the end. It
 * uses the Debian server binaries (/usr/lib/postgresql/N/bin, or PG_BIN). PostgreSQL refuses to
 * run as root, so under root it runs as the system user `ringwatch-test` (created if missing).
 */
export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  /** A URL for a new, empty database. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server: 'fast' (clean) or 'immediate' (as a crash: no checkpoint). */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Starts it again on the same port and data directory. */
  start(): void;
  /** Stops it and deletes the directory. */
  destroy(): void;
}

const TEST_USER = 'ringwatch-test';

/** The directory with initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBin(): string | undefined {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/**
 * Why PostgreSQL tests cannot run here, or undefined when they can. Under CI (CI=true) a missing
 * server is a failure, never a skip: `.ci/run` installs it.
 */
export function postgresSkipReason(): string | undefined {
  if (postgresBin()) return undefined;
  if (process.env.CI === 'true') throw new Error('CI=true but no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb): .ci/run installs the Debian package postgresql');
  return 'PostgreSQL server binaries not installed (apt-get install postgresql, or set PG_BIN); PostgreSQL tests skipped';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ensureTestUser(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, TEST_USER], { encoding: 'utf8' }).trim());
  if (spawnSync('id', ['-u', TEST_USER]).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', TEST_USER], { encoding: 'utf8' });
    if (r.status !== 0 && spawnSync('id', ['-u', TEST_USER]).status !== 0) throw new Error(`cannot create user ${TEST_USER}: ${r.stderr}`);
  }
  return { uid: id('-u'), gid: id('-g') };
}

/** Runs a server binary, as the test user when we are root. */
function run(bin: string, args: readonly string[]): void {
  const cmd = isRoot() ? 'runuser' : bin;
  const full = isRoot() ? ['-u', TEST_USER, '--', bin, ...args] : [...args];
  const r = spawnSync(cmd, full, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error(postgresSkipReason() ?? 'no PostgreSQL');
  const dir = mkdtempSync(join(tmpdir(), 'rw-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const { uid, gid } = ensureTestUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const log = join(dir, 'server.log');
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`;
  const start = (): void => run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', log, '-w', '-t', '60', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast'): void => run(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let destroyed = false;
  // A test that dies before its cleanup must not leave a server running.
  process.once('exit', () => {
    if (!destroyed) spawnSync(isRoot() ? 'runuser' : join(bin, 'pg_ctl'), [...(isRoot() ? ['-u', TEST_USER, '--', join(bin, 'pg_ctl')] : []), '-D', data, '-m', 'immediate', 'stop']);
  });
  return {
    adminUrl,
    port,
    start,
    stop,
    async createDatabase(name: string): Promise<string> {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      try {
        stop('immediate');
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
