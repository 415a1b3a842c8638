import { openMemoryStores, openSqliteStores } from './sqlite-stores.js';
import type { OpenOptions, Stores } from './stores.js';
import { parseStoreUrl, redact, sideDirectory } from './url.js';

export type { OpenOptions, Stores } from './stores.js';
export { StoreMissingError } from './stores.js';
export { StoreUrlError, parseStoreUrl, redact } from './url.js';

/** Where commands keep their store unless told otherwise (`--store`, `RINGWATCH_STORE`). */
export const DEFAULT_STORE = './ringwatch-data/ringwatch.db';

/**
 * The one way to open storage: every store the product uses, chosen by URL — a file path or
 * `sqlite:PATH` (embedded, the default), `postgres://…`, or `memory:`. A URL naming no known kind
 * of store is refused before anything is opened or created; with `mustExist`, so is a store that
 * does not exist yet.
 */
export async function openStores(url: string, options: OpenOptions = {}): Promise<Stores> {
  const location = parseStoreUrl(url);
  const dir = sideDirectory(location);
  switch (location.kind) {
    case 'sqlite':
      return openSqliteStores(location.path, dir, options);
    case 'memory':
      return openMemoryStores(dir);
    case 'postgres': {
      const { openPostgresStores } = await import('./pg/stores.js');
      return openPostgresStores(location.url, redact(location.url), dir, options);
    }
  }
}
