import type { EngineConfig } from '../engine/config.js';
import { openStore } from '../engine/runtime.js';
import type { TransactionStore } from '../store/port.js';

/**
 * The SQLite file a `--store URL` names: a path, or `sqlite:PATH` (`sqlite://PATH` too). Any
 * other scheme is refused before anything is created — a typo must not become a new file.
 * (Stand-in until the shared `openStores(url)` lands; PostgreSQL URLs are refused here.)
 */
export function sqlitePath(url: string): string {
  const u = url.trim();
  if (u === '') throw new Error('--store needs a path or URL (sqlite:PATH)');
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(u);
  // A one-letter "scheme" is a Windows drive (C:\…), not a URL.
  if (!m || m[1].length === 1) return u;
  const scheme = m[1].toLowerCase();
  if (scheme === 'sqlite') {
    const path = m[2].replace(/^\/\//, '');
    if (path === '') throw new Error(`--store ${JSON.stringify(url)}: sqlite: needs a file path, e.g. sqlite:./ringwatch-data/ringwatch.db`);
    return path;
  }
  if (scheme === 'postgres' || scheme === 'postgresql') throw new Error(`--store ${JSON.stringify(url)}: this build opens SQLite stores only (a path or sqlite:PATH)`);
  throw new Error(`--store ${JSON.stringify(url)}: unknown store scheme ${JSON.stringify(scheme + ':')}; use a path or sqlite:PATH`);
}

/** The store a `--store URL` (or RINGWATCH_STORE) names, opened. */
export function openStoreUrl(url: string, config: EngineConfig): TransactionStore {
  return openStore(sqlitePath(url), config);
}

/** `--store`, else RINGWATCH_STORE, else an error naming both. */
export function storeUrl(flag: string | undefined): string {
  const url = flag ?? process.env.RINGWATCH_STORE;
  if (url === undefined || url === '') throw new Error('give the store with --store URL (or RINGWATCH_STORE)');
  return url;
}
