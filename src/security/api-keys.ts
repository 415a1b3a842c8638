import { createHash, randomBytes } from 'node:crypto';
import type { TransactionStore } from '../store/port.js';

const SETTING = 'api_key_hashes';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return 'rw_' + randomBytes(24).toString('base64url');
}

/**
 * API keys for machine clients. Only SHA-256 hashes are stored; a presented key is hashed and
 * looked up, so the comparison never touches the secret itself.
 */
export class ApiKeys {
  private constructor(private readonly hashes: Set<string>) {}

  /**
   * Loads the stored keys. With none stored, adds `configured` (e.g. from RINGWATCH_API_KEY)
   * or generates one; the new plain key is returned once so it can be printed.
   */
  static async open(store: TransactionStore, configured?: string): Promise<{ keys: ApiKeys; created?: string }> {
    const raw = await store.getSetting(SETTING);
    const hashes = new Set<string>(raw ? (JSON.parse(raw) as string[]) : []);
    let created: string | undefined;
    if (configured && !hashes.has(hashKey(configured))) {
      hashes.add(hashKey(configured));
      await store.setSetting(SETTING, JSON.stringify([...hashes]));
    } else if (hashes.size === 0) {
      created = newApiKey();
      hashes.add(hashKey(created));
      await store.setSetting(SETTING, JSON.stringify([...hashes]));
    }
    return { keys: new ApiKeys(hashes), created };
  }

  /** Issues one more key (e.g. a demo session's) and returns it once; only its hash is kept. */
  async issue(store: TransactionStore): Promise<string> {
    const key = newApiKey();
    this.hashes.add(hashKey(key));
    await store.setSetting(SETTING, JSON.stringify([...this.hashes]));
    return key;
  }

  /** Checks an `Authorization` header value ("Bearer <key>"). */
  verifyHeader(header: string | undefined): boolean {
    return this.identify(header) !== undefined;
  }

  /** The key's id (`key:` and the first 12 hex digits of its hash) for a valid header, else undefined. */
  identify(header: string | undefined): string | undefined {
    if (!header || !header.startsWith('Bearer ')) return undefined;
    const key = header.slice(7).trim();
    if (key.length === 0) return undefined;
    const h = hashKey(key);
    return this.hashes.has(h) ? `key:${h.slice(0, 12)}` : undefined;
  }
}
