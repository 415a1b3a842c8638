import { dirname, join, resolve } from 'node:path';

/** Where a store lives, as chosen by its URL. */
export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'memory' };

export const STORE_SCHEMES = ['sqlite:', 'postgres://', 'postgresql://', 'memory:'] as const;

/** A store URL that names no known kind of store; nothing was opened or created. */
export class StoreUrlError extends Error {
  constructor(readonly url: string, reason: string) {
    super(`store ${JSON.stringify(redact(url))}: ${reason}; give a file path, sqlite:PATH or postgres://USER@HOST:PORT/DATABASE`);
    this.name = 'StoreUrlError';
  }
}

/**
 * Parses a store URL: a plain file path or `sqlite:PATH` (the embedded default),
 * `postgres://…` / `postgresql://…`, or `memory:` (nothing kept). Anything else that looks like a
 * URL (a scheme followed by a colon) is refused, so a typo never becomes a file named after it.
 */
export function parseStoreUrl(url: string): StoreLocation {
  const u = url.trim();
  if (u === '') throw new StoreUrlError(url, 'empty');
  if (u === 'memory:') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\//i.test(u)) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new StoreUrlError(url, 'not a valid PostgreSQL URL');
    }
    if (parsed.pathname.replace(/^\//, '') === '') throw new StoreUrlError(url, 'the PostgreSQL URL names no database (…/DATABASE)');
    return { kind: 'postgres', url: u };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(u);
  // One letter before the colon is a Windows drive (C:\data\ringwatch.db), not a scheme.
  if (scheme && scheme[1].length > 1) {
    if (scheme[1].toLowerCase() !== 'sqlite') throw new StoreUrlError(url, `unknown kind of store ${JSON.stringify(scheme[1] + ':')}`);
    const path = u.slice(scheme[0].length).replace(/^\/\/(?=\/)/, '');
    if (path === '' || path.startsWith('//')) throw new StoreUrlError(url, 'sqlite: needs a file path (sqlite:PATH)');
    return { kind: 'sqlite', path };
  }
  return { kind: 'sqlite', path: u };
}

/** The URL with any password replaced, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/**
 * The folder for what is kept beside the store as files (the audit signing key, the signed audit
 * head, imported name lists): the SQLite file's folder; for a PostgreSQL store, a folder named after
 * its host, port and database in RINGWATCH_DATA_DIR (default ./ringwatch-data) — one per database,
 * so two stores never share (and overwrite) one signed head.
 */
export function sideDirectory(location: StoreLocation, env: NodeJS.ProcessEnv = process.env): string {
  if (location.kind === 'sqlite') return dirname(resolve(location.path));
  const base = resolve(env.RINGWATCH_DATA_DIR || './ringwatch-data');
  if (location.kind === 'memory') return base;
  const u = new URL(location.url);
  const name = `postgres-${u.hostname || 'localhost'}-${u.port || '5432'}-${decodeURIComponent(u.pathname.replace(/^\//, ''))}`;
  return join(base, name.replace(/[^A-Za-z0-9._-]/g, '_'));
}
