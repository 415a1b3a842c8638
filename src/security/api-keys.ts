import { createHash, randomBytes } from 'node:crypto';
import type { Permission } from './permissions.js';

/** Where the key records are kept: the store's settings (any store with these two calls). */
export interface SettingsStore {
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

/** Where the keys are kept (hashes and metadata only, never a key itself). */
const SETTING = 'api_keys';
/** The former setting: a bare list of hashes, every key holding every machine right. */
const LEGACY_SETTING = 'api_key_hashes';

/**
 * What a key may do. `ingest`: send transactions; `read`: decisions, alerts, cases, lists, rules,
 * health and metrics; `lists`: read and change blacklists and watchlists; `reports`: read cases and
 * download their regulatory reports (always masked for a key); `admin`: list, add and revoke keys
 * (plus everything above).
 */
export const KEY_SCOPES = ['ingest', 'read', 'lists', 'reports', 'admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

const SCOPE_PERMISSIONS: ReadonlyMap<KeyScope, ReadonlySet<Permission>> = new Map<KeyScope, ReadonlySet<Permission>>([
  ['ingest', new Set<Permission>(['transactions.write'])],
  ['read', new Set<Permission>(['alerts.read', 'cases.read', 'lists.read', 'rules.read', 'ops.read'])],
  ['lists', new Set<Permission>(['lists.read', 'lists.write'])],
  ['reports', new Set<Permission>(['cases.read', 'cases.export'])],
  ['admin', new Set<Permission>(['transactions.write', 'alerts.read', 'cases.read', 'cases.export', 'lists.read', 'rules.read', 'ops.read', 'lists.write', 'keys.manage'])],
]);

/** The scopes that would grant `permission` to a key (for a 403 that says what to ask for). */
export function scopesGranting(permission: string): KeyScope[] {
  return KEY_SCOPES.filter((s) => (SCOPE_PERMISSIONS.get(s) as ReadonlySet<string>).has(permission));
}

/** The scopes a key gets when none are named (what every key could do before scopes existed). */
export const DEFAULT_SCOPES: readonly KeyScope[] = ['ingest', 'read', 'lists'];

const SCOPE_SET: ReadonlySet<string> = new Set(KEY_SCOPES);

export function isKeyScope(s: unknown): s is KeyScope {
  return typeof s === 'string' && SCOPE_SET.has(s);
}

/** Parses "ingest,read" into scopes; throws naming an unknown scope. */
export function parseScopes(text: string | readonly unknown[]): KeyScope[] {
  const parts = typeof text === 'string' ? text.split(',').map((s) => s.trim()).filter((s) => s !== '') : [...text];
  if (parts.length === 0) throw new Error(`scopes: name at least one of ${KEY_SCOPES.join(', ')}`);
  const out: KeyScope[] = [];
  for (const p of parts) {
    if (!isKeyScope(p)) throw new Error(`scopes: ${JSON.stringify(p)} is not one of ${KEY_SCOPES.join(', ')}`);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** Whether a key with these scopes holds `permission`. */
export function scopesAllow(scopes: readonly KeyScope[], permission: string): boolean {
  return scopes.some((s) => (SCOPE_PERMISSIONS.get(s) as ReadonlySet<string> | undefined)?.has(permission) === true);
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return 'rw_' + randomBytes(24).toString('base64url');
}

/** A key as stored and listed: never the key itself. `id` is the first 12 hex digits of its hash. */
export interface ApiKeyRecord {
  id: string;
  hash: string;
  name: string;
  scopes: KeyScope[];
  created_at: string;
  created_by: string;
  /** `env` for the key configured by RINGWATCH_API_KEY (replaced when that changes). */
  source?: 'env' | 'generated' | 'issued' | 'legacy';
  revoked_at?: string;
  revoked_by?: string;
}

export type PublicKeyRecord = Omit<ApiKeyRecord, 'hash'>;

/** The machine client a valid key stands for. */
export interface KeyIdentity {
  id: string;
  scopes: readonly KeyScope[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$/;

/**
 * API keys for machine clients, with scopes. Only SHA-256 hashes are stored (in the store's
 * settings); a presented key is hashed and looked up, so the comparison never touches the secret.
 * A revocation through this object takes effect for the next request; `refresh` picks up changes
 * another process (`ringwatch keys revoke`) made to the store.
 */
export class ApiKeys {
  private active = new Map<string, ApiKeyRecord>();

  private constructor(private readonly store: SettingsStore, private records: ApiKeyRecord[]) {
    this.index();
  }

  /**
   * Loads the stored keys (converting the former hash list). `configured` (RINGWATCH_API_KEY) is
   * kept as the `env` key, replacing an earlier, different env key; with no key at all, one is
   * generated and returned once so it can be printed.
   */
  static async open(store: SettingsStore, configured?: string, now: () => Date = () => new Date()): Promise<{ keys: ApiKeys; created?: string }> {
    const keys = new ApiKeys(store, await load(store, now));
    let created: string | undefined;
    if (configured) {
      const h = hashKey(configured);
      // A new RINGWATCH_API_KEY replaces the previous one; a key revoked before stays revoked.
      if (!keys.records.some((r) => r.hash === h)) {
        for (const r of keys.records) if (r.source === 'env' && !r.revoked_at) Object.assign(r, { revoked_at: now().toISOString(), revoked_by: 'system:env-changed' });
        keys.records.push(record(configured, 'env', [...DEFAULT_SCOPES], 'system', now(), 'env'));
        await keys.save();
      }
    } else if (keys.activeCount() === 0) {
      created = newApiKey();
      keys.records.push(record(created, 'first key', [...DEFAULT_SCOPES], 'system', now(), 'generated'));
      await keys.save();
    }
    return { keys, created };
  }

  /** Creates a key and returns it once; only its hash is kept. */
  async add(name: string, scopes: readonly KeyScope[], by: string, source: ApiKeyRecord['source'] = 'issued', now = new Date()): Promise<{ key: string; record: PublicKeyRecord }> {
    if (!NAME.test(name)) throw new Error('name: 1–64 letters, digits, space, ".", "_", "@" or "-"');
    const checked = parseScopes(scopes);
    const key = newApiKey();
    const r = record(key, name, checked, by, now, source);
    await this.refresh();
    this.records.push(r);
    await this.save();
    return { key, record: publicRecord(r) };
  }

  /** Issues a key (e.g. a demo session's), with the default scopes unless told otherwise. */
  async issue(name = 'demo session', scopes: readonly KeyScope[] = DEFAULT_SCOPES): Promise<string> {
    return (await this.add(name, scopes, 'system')).key;
  }

  /** Revokes a key by id; false when there is no such active key. Effective for the next request. */
  async revoke(id: string, by: string, now = new Date()): Promise<PublicKeyRecord | undefined> {
    await this.refresh();
    const r = this.records.find((x) => x.id === id && !x.revoked_at);
    if (!r) return undefined;
    r.revoked_at = now.toISOString();
    r.revoked_by = by;
    await this.save();
    return publicRecord(r);
  }

  list(): PublicKeyRecord[] {
    return this.records.map(publicRecord);
  }

  /** Re-reads the stored keys (changes made by another process). */
  async refresh(): Promise<void> {
    this.records = await load(this.store, () => new Date());
    this.index();
  }

  /** The key behind an `Authorization: Bearer <key>` header, if it is valid and not revoked. */
  identify(header: string | undefined): KeyIdentity | undefined {
    if (!header || !header.startsWith('Bearer ')) return undefined;
    const key = header.slice(7).trim();
    if (key.length === 0) return undefined;
    const r = this.active.get(hashKey(key));
    return r ? { id: `key:${r.id}`, scopes: r.scopes } : undefined;
  }

  verifyHeader(header: string | undefined): boolean {
    return this.identify(header) !== undefined;
  }

  private activeCount(): number {
    return this.active.size;
  }

  private index(): void {
    const m = new Map<string, ApiKeyRecord>();
    for (const r of this.records) if (!r.revoked_at) m.set(r.hash, r);
    this.active = m;
  }

  private async save(): Promise<void> {
    await this.store.setSetting(SETTING, JSON.stringify(this.records));
    this.index();
  }
}

function record(key: string, name: string, scopes: KeyScope[], by: string, at: Date, source: ApiKeyRecord['source']): ApiKeyRecord {
  const hash = hashKey(key);
  return { id: hash.slice(0, 12), hash, name, scopes, created_at: at.toISOString(), created_by: by, source };
}

function publicRecord(r: ApiKeyRecord): PublicKeyRecord {
  const { hash: _hash, ...rest } = r;
  return { ...rest, scopes: [...r.scopes] };
}

async function load(store: SettingsStore, now: () => Date): Promise<ApiKeyRecord[]> {
  const raw = await store.getSetting(SETTING);
  if (raw) {
    const parsed = JSON.parse(raw) as ApiKeyRecord[];
    return parsed.filter((r) => typeof r.hash === 'string' && Array.isArray(r.scopes)).map((r) => ({ ...r, scopes: r.scopes.filter(isKeyScope) }));
  }
  const legacy = await store.getSetting(LEGACY_SETTING);
  const hashes = legacy ? (JSON.parse(legacy) as string[]) : [];
  return hashes.map((hash) => ({ id: hash.slice(0, 12), hash, name: 'legacy', scopes: [...DEFAULT_SCOPES], created_at: now().toISOString(), created_by: 'system', source: 'legacy' as const }));
}
