import type { OpenOptions, Stores } from '../stores.js';

export async function openPostgresStores(_url: string, where: string, _dir: string, _options: OpenOptions = {}): Promise<Stores> {
  throw new Error(`${where}: the PostgreSQL adapter is not built yet on this branch`);
}
