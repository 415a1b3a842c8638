/**
 * Login throttling per user and per client address. Failed logins are counted in a sliding
 * window; reaching the limit locks that user (or address) for `lockMs`: while locked every login
 * is answered 429 with Retry-After and the password is not even checked (so a guessed password
 * is worthless and a flood costs no hashing). The caller audits the moment a lockout begins —
 * once — and not each attempt refused during it, so nobody can grow the audit log by guessing.
 *
 * State is in memory and bounded (`maxKeys` per kind, oldest dropped first); a restart clears it.
 */
export interface LoginThrottleOptions {
  /** Failures of one username within `windowMs` that lock it. */
  userFailures?: number;
  /** Failures from one address within `windowMs` that lock it (across usernames). */
  addressFailures?: number;
  windowMs?: number;
  lockMs?: number;
  maxKeys?: number;
  now?: () => number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export type ThrottleScope = 'user' | 'address';

export interface Refusal {
  scope: ThrottleScope;
  retryAfterS: number;
}

export interface Lockout {
  scope: ThrottleScope;
  key: string;
  failures: number;
  until: number;
}

class Counter {
  private readonly entries = new Map<string, Entry>();
  constructor(readonly limit: number, private readonly windowMs: number, private readonly lockMs: number, private readonly maxKeys: number) {}

  lockedFor(key: string, now: number): number {
    const e = this.entries.get(key);
    return e && e.lockedUntil > now ? e.lockedUntil - now : 0;
  }

  /** Records a failure; returns the lock's end when this failure starts a lockout. */
  fail(key: string, now: number): { failures: number; until: number } | undefined {
    let e = this.entries.get(key);
    if (e) this.entries.delete(key); // re-inserted below: the map stays in least-recently-failed order
    else e = { failures: [], lockedUntil: 0 };
    e.failures = e.failures.filter((t) => t > now - this.windowMs);
    e.failures.push(now);
    this.entries.set(key, e);
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value as string);
    if (e.failures.length >= this.limit && e.lockedUntil <= now) {
      e.lockedUntil = now + this.lockMs;
      const failures = e.failures.length;
      e.failures = [];
      return { failures, until: e.lockedUntil };
    }
    return undefined;
  }

  clear(key: string): void {
    this.entries.delete(key);
  }
}

export class LoginThrottle {
  private readonly users: Counter;
  private readonly addresses: Counter;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    const windowMs = options.windowMs ?? 15 * 60_000;
    const lockMs = options.lockMs ?? 15 * 60_000;
    const maxKeys = options.maxKeys ?? 10_000;
    this.users = new Counter(options.userFailures ?? 5, windowMs, lockMs, maxKeys);
    this.addresses = new Counter(options.addressFailures ?? 20, windowMs, lockMs, maxKeys);
    this.now = options.now ?? Date.now;
  }

  /** Whether a login for `user` from `address` may be tried now; a refusal says for how long not. */
  check(user: string, address: string): Refusal | undefined {
    const now = this.now();
    const byAddress = this.addresses.lockedFor(address, now);
    const byUser = this.users.lockedFor(user, now);
    if (byAddress === 0 && byUser === 0) return undefined;
    const scope: ThrottleScope = byAddress >= byUser ? 'address' : 'user';
    return { scope, retryAfterS: Math.max(1, Math.ceil(Math.max(byAddress, byUser) / 1000)) };
  }

  /** Records a failed login; returns the lockouts it started (each is to be audited once). */
  failed(user: string, address: string): Lockout[] {
    const now = this.now();
    const out: Lockout[] = [];
    const u = this.users.fail(user, now);
    if (u) out.push({ scope: 'user', key: user, ...u });
    const a = this.addresses.fail(address, now);
    if (a) out.push({ scope: 'address', key: address, ...a });
    return out;
  }

  /** A successful login clears the user's failures (the address keeps its count). */
  succeeded(user: string): void {
    this.users.clear(user);
  }
}
