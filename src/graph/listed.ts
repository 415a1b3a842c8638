import { growUint8 } from './growable.js';
import { IdentifierLinks, type IdentifierKind } from './identifier-links.js';
import type { Interner } from './interner.js';

/**
 * The accounts and identifiers on any blacklist or watchlist, as the feature searches see
 * them. Names may be listed before the engine has seen them: the set keeps the names and
 * resolves them to dense account ids lazily, through the interner of the FeatureExtractor
 * it is attached to, so `isAccountListed(id)` is one array read on the hot path.
 *
 * The engine populates it (it fits the engine's `ListListener`: `setAccountListed`,
 * `setIdentifierListed`); a change takes effect for the next transaction applied. Replaying
 * the same transactions with the same changes at the same points gives the same features.
 */
export class ListedSet {
  private readonly names = new Set<string>();
  private readonly identifiers = new Set<string>();
  private interner: Interner | undefined;
  private flags = new Uint8Array(0);
  /** Dense ids below this have their flag resolved. */
  private synced = 0;
  /** Account names whose status changed since the owner last took them. */
  private changed: string[] = [];

  constructor(accounts?: Interner) {
    if (accounts) this.attach(accounts);
  }

  /**
   * Binds the set to the interner whose dense ids `isAccountListed` takes. The extractor
   * calls it; a set serves one extractor only.
   */
  attach(accounts: Interner): void {
    if (this.interner === accounts) return;
    if (this.interner) throw new Error('this ListedSet already serves another FeatureExtractor');
    this.interner = accounts;
    this.flags = new Uint8Array(0);
    this.synced = 0;
  }

  /** Listed account names. */
  get accountCount(): number {
    return this.names.size;
  }

  /** Listed identifiers (devices, phones, IPs). */
  get identifierCount(): number {
    return this.identifiers.size;
  }

  /** Lists an account by its external id; false when it already was. */
  addAccount(name: string): boolean {
    if (this.names.has(name)) return false;
    this.names.add(name);
    this.setFlag(name, 1);
    this.changed.push(name);
    return true;
  }

  /** Unlists an account; false when it was not listed. */
  removeAccount(name: string): boolean {
    if (!this.names.delete(name)) return false;
    this.setFlag(name, 0);
    this.changed.push(name);
    return true;
  }

  addIdentifier(kind: IdentifierKind, value: string): boolean {
    const k = IdentifierLinks.key(kind, value);
    if (this.identifiers.has(k)) return false;
    this.identifiers.add(k);
    return true;
  }

  removeIdentifier(kind: IdentifierKind, value: string): boolean {
    return this.identifiers.delete(IdentifierLinks.key(kind, value));
  }

  /** The engine's list listener: the account became listed (true) or no list holds it now. */
  setAccountListed(name: string, listed: boolean): void {
    if (listed) this.addAccount(name);
    else this.removeAccount(name);
  }

  setIdentifierListed(kind: IdentifierKind, value: string, listed: boolean): void {
    if (listed) this.addIdentifier(kind, value);
    else this.removeIdentifier(kind, value);
  }

  isAccountNameListed(name: string): boolean {
    return this.names.has(name);
  }

  /** Whether the account of dense id `id` (from the attached interner) is listed. */
  isAccountListed(id: number): boolean {
    if (id >= this.synced) this.sync();
    return this.flags[id] === 1;
  }

  isIdentifierListed(kind: IdentifierKind, value: string): boolean {
    return this.identifiers.size > 0 && this.identifiers.has(IdentifierLinks.key(kind, value));
  }

  /** Whether account listings changed since the last `takeAccountChanges`. */
  get hasAccountChanges(): boolean {
    return this.changed.length > 0;
  }

  /** The names listed or unlisted since the last call, in order (for the extractor's caches). */
  takeAccountChanges(): string[] {
    const out = this.changed;
    this.changed = [];
    return out;
  }

  /** Resolves the flags of dense ids interned since the last call. */
  private sync(): void {
    const it = this.interner;
    if (!it) throw new Error('ListedSet is not attached to an account interner');
    const n = it.size;
    this.flags = growUint8(this.flags, n);
    if (this.names.size > 0) {
      for (let id = this.synced; id < n; id++) this.flags[id] = this.names.has(it.name(id)) ? 1 : 0;
    }
    this.synced = n;
  }

  private setFlag(name: string, value: number): void {
    const id = this.interner ? this.interner.lookup(name) : -1;
    if (id !== -1 && id < this.synced) this.flags[id] = value;
  }
}
