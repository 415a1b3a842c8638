import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord, UserRecord, UserStore } from './store-port.js';
import { toPublicUser, type PublicUser } from './users.js';

/**
 * Login sessions of investigators. A session token is 32 random bytes (`rws_` + base64url), shown
 * to the client once; only its SHA-256 is stored, so a copy of the database holds no usable
 * token. A session ends after `idleMs` without use (default 8 h), after `absoluteMs` however
 * active (default 24 h), when revoked, or when its user is disabled (or changes password or role:
 * users.ts ends the sessions then).
 */

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: Readonly<SessionPolicy> = Object.freeze({ idleMs: 8 * 3_600_000, absoluteMs: 24 * 3_600_000 });

export interface SessionOptions {
  /** Clock in epoch ms, for tests. */
  now?: () => number;
  policy?: Partial<SessionPolicy>;
}

const TOKEN_PREFIX = 'rws_';
/** 'rws_' + 43 base64url characters (32 bytes). */
const TOKEN = /^rws_[A-Za-z0-9_-]{43}$/;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function resolvePolicy(options: SessionOptions): SessionPolicy {
  const policy = { ...DEFAULT_SESSION_POLICY, ...options.policy };
  if (!(policy.idleMs > 0) || !(policy.absoluteMs > 0)) throw new RangeError('session timeouts must be positive');
  return policy;
}

function clock(options: SessionOptions): number {
  return (options.now ?? Date.now)();
}

export interface CreatedSession {
  /** The bearer token: give it to the client (e.g. in an HttpOnly cookie), never log it. */
  token: string;
  /** When it expires if unused (epoch ms). */
  expiresAt: number;
  absoluteExpiresAt: number;
}

/** Opens a session for an authenticated user. Throws for a disabled user. */
export async function createSession(store: UserStore, user: Pick<UserRecord, 'id' | 'disabled'>, options: SessionOptions = {}): Promise<CreatedSession> {
  if (user.disabled) throw new Error('cannot open a session for a disabled user');
  const policy = resolvePolicy(options);
  const now = clock(options);
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: SessionRecord = {
    token_hash: hashSessionToken(token), user_id: user.id, created_at: now, last_seen_at: now,
    expires_at: Math.min(now + policy.idleMs, now + policy.absoluteMs), absolute_expires_at: now + policy.absoluteMs,
  };
  await store.insertSession(record);
  return { token, expiresAt: record.expires_at, absoluteExpiresAt: record.absolute_expires_at };
}

export interface ResolvedSession {
  user: PublicUser;
  /** True while the user still has to change a one-time password: allow nothing but that. */
  mustChangePassword: boolean;
  createdAt: number;
  expiresAt: number;
  absoluteExpiresAt: number;
}

/**
 * Looks a presented token up. Returns the session's user and slides the idle expiry forward, or
 * undefined for an unknown, malformed, expired or revoked token or a disabled user (expired and
 * orphaned sessions are deleted on the way).
 */
export async function resolveSession(store: UserStore, token: string | undefined, options: SessionOptions = {}): Promise<ResolvedSession | undefined> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  const tokenHash = hashSessionToken(token);
  const session = await store.findSession(tokenHash);
  if (!session) return undefined;
  const now = clock(options);
  if (now >= session.expires_at || now >= session.absolute_expires_at) {
    await store.deleteSession(tokenHash);
    return undefined;
  }
  const user = await store.findUserById(session.user_id);
  if (!user || user.disabled) {
    await store.deleteSession(tokenHash);
    return undefined;
  }
  const policy = resolvePolicy(options);
  const expiresAt = Math.min(now + policy.idleMs, session.absolute_expires_at);
  await store.touchSession(tokenHash, now, expiresAt);
  return {
    user: toPublicUser(user), mustChangePassword: user.must_change_password,
    createdAt: session.created_at, expiresAt, absoluteExpiresAt: session.absolute_expires_at,
  };
}

/** Ends one session (logout). True when it existed. */
export async function revokeSession(store: UserStore, token: string): Promise<boolean> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return false;
  return store.deleteSession(hashSessionToken(token));
}

/** Ends every session of a user (e.g. "log out everywhere"). */
export async function revokeUserSessions(store: UserStore, userId: string): Promise<number> {
  return store.deleteUserSessions(userId);
}

/** Deletes expired sessions (housekeeping; resolveSession already ignores them). */
export async function purgeExpiredSessions(store: UserStore, options: Pick<SessionOptions, 'now'> = {}): Promise<number> {
  return store.deleteExpiredSessions(clock(options));
}
