import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../src/cli/serve.js';
import { defaultEngineConfig, type EngineConfig } from '../../src/engine/config.js';
import { createUser } from '../../src/security/users.js';
import type { Role } from '../../src/security/roles.js';
import { openStores } from '../../src/store/open.js';

/** The compiled CLI, for tests that run `ringwatch` as a user would. */
export const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export const PASSWORD = 'correct horse battery staple';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ringwatch ARGS…` to completion. */
export function ringwatch(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): CliResult {
  // A report of a big case is over a megabyte (spawnSync's default buffer): room for it.
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: options.timeout ?? 60_000, env: options.env ?? process.env, maxBuffer: 64 << 20 });
  if (r.error && r.status === null) throw new Error(`ringwatch ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface TestServer {
  base: string;
  apiKey: string;
  /** The first-run admin's one-time password (with users only). */
  adminPassword?: string;
  lines: string[];
  stop: () => Promise<void>;
}

/**
 * Starts the API in this process on a free port over a store (a SQLite file path or any store
 * URL): with `users` (the default) it opens users, sessions, cases and the audit log in the same
 * store, as `ringwatch serve` does.
 */
export async function startTestServer(db: string, options: { users?: boolean; config?: Partial<EngineConfig> } = {}): Promise<TestServer> {
  const config: EngineConfig = { ...defaultEngineConfig(), durability: 'normal', ...options.config };
  let lines: string[] = [];
  const stop = await startServer(config, await openStores(db, { durability: 'normal' }), {
    users: options.users !== false, port: 0, host: '127.0.0.1', logLevel: 'silent', announce: (l) => (lines = l),
  });
  const value = (marker: string): string | undefined => lines.find((l) => l.includes(marker))?.split(': ').pop();
  return {
    base: lines.find((l) => l.includes('listening on'))!.split('listening on ')[1],
    apiKey: value('API key')!,
    adminPassword: value('one-time password'),
    lines,
    stop,
  };
}

/** Creates users (password PASSWORD) directly in the store (a SQLite file or any store URL). */
export async function addUsers(db: string, users: ReadonlyArray<[username: string, role: Role]>): Promise<void> {
  const stores = await openStores(db);
  try {
    for (const [username, role] of users) await createUser(stores.security, { username, password: PASSWORD, role });
  } finally {
    await stores.close();
  }
}

/** Logs in; returns the status and the `rw_session=…` cookie pair. */
export async function login(base: string, username: string, password = PASSWORD): Promise<{ status: number; cookie: string; body: Record<string, unknown> }> {
  const r = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return { status: r.status, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], body: (await r.json()) as Record<string, unknown> };
}
