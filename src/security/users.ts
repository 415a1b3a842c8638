import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SCRYPT, DUMMY_PASSWORD_HASH, generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword,
  type ScryptParams,
} from './passwords.js';
import { isRole, type Role } from './roles.js';
import type { UserRecord, UserStore } from './store-port.js';

/**
 * Investigator accounts: create, authenticate, change or reset a password, disable, change role,
 * and the first-run bootstrap of `admin`. Functions take the store explicitly and keep no state.
 * Recording these actions in the audit log is the caller's job (the API layer knows the actor).
 */

export type UserErrorCode =
  | 'invalid_username' | 'invalid_role' | 'invalid_display_name' | 'weak_password' | 'username_taken'
  | 'not_found' | 'wrong_password' | 'same_password' | 'last_admin';

export class UserError extends Error {
  constructor(readonly code: UserErrorCode, message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A user as shown to callers: everything but the password hash. */
export type PublicUser = Omit<UserRecord, 'password_hash'>;

export interface UserOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** scrypt cost for new hashes (default N=2^15, r=8, p=1); tests may lower it. */
  scrypt?: ScryptParams;
}

export const BOOTSTRAP_USERNAME = 'admin';
const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
const MAX_DISPLAY_NAME = 128;

export function toPublicUser(u: UserRecord): PublicUser {
  const { password_hash: _omit, ...rest } = u;
  return rest;
}

/** Lower-cases and trims a username; throws UserError('invalid_username') if it is not 2–64 of a-z 0-9 . _ @ -. */
export function normaliseUsername(username: string): string {
  const u = typeof username === 'string' ? username.trim().toLowerCase() : '';
  if (!USERNAME.test(u)) {
    throw new UserError('invalid_username', 'a username is 2–64 characters of a-z, 0-9, ".", "_", "@", "-", starting with a letter or digit');
  }
  return u;
}

function nowIso(options: UserOptions): string {
  return (options.now ?? (() => new Date()))().toISOString();
}

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new UserError('weak_password', problem);
}

async function mustFind(store: UserStore, username: string): Promise<UserRecord> {
  const user = await store.findUser(normaliseUsername(username));
  if (!user) throw new UserError('not_found', `no user ${JSON.stringify(username)}`);
  return user;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
  /** Force a change at first login (for passwords an admin chose). Default false. */
  mustChangePassword?: boolean;
}

export async function createUser(store: UserStore, input: NewUser, options: UserOptions = {}): Promise<PublicUser> {
  const username = normaliseUsername(input.username);
  if (!isRole(input.role)) throw new UserError('invalid_role', `unknown role ${JSON.stringify(input.role)}`);
  const displayName = (input.displayName ?? username).trim();
  if (displayName === '' || displayName.length > MAX_DISPLAY_NAME) {
    throw new UserError('invalid_display_name', `a display name is 1–${MAX_DISPLAY_NAME} characters`);
  }
  checkPassword(input.password, username);
  const now = nowIso(options);
  const user: UserRecord = {
    id: 'u_' + randomBytes(12).toString('base64url'),
    username, display_name: displayName, role: input.role,
    password_hash: await hashPassword(input.password, options.scrypt ?? DEFAULT_SCRYPT),
    must_change_password: input.mustChangePassword ?? false, disabled: false,
    created_at: now, updated_at: now, password_changed_at: now,
  };
  if (!(await store.insertUser(user))) throw new UserError('username_taken', `user ${username} already exists`);
  return toPublicUser(user);
}

export type AuthResult =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: 'invalid_credentials' | 'disabled' };

/**
 * Checks a username and password. An unknown user and a wrong password give the same answer in
 * about the same time; `disabled` is told only after a correct password. A hash made with older
 * scrypt parameters is redone on success.
 */
export async function authenticate(store: UserStore, username: string, password: string, options: UserOptions = {}): Promise<AuthResult> {
  let user: UserRecord | undefined;
  try {
    user = await store.findUser(normaliseUsername(username));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
  }
  if (!user) {
    await verifyPassword(DUMMY_PASSWORD_HASH, typeof password === 'string' ? password : '');
    return { ok: false, reason: 'invalid_credentials' };
  }
  if (!(await verifyPassword(user.password_hash, password))) return { ok: false, reason: 'invalid_credentials' };
  if (user.disabled) return { ok: false, reason: 'disabled' };
  const params = options.scrypt ?? DEFAULT_SCRYPT;
  if (needsRehash(user.password_hash, params)) {
    const password_hash = await hashPassword(password, params);
    await store.updateUser(user.id, { password_hash, updated_at: nowIso(options) });
  }
  return { ok: true, user: toPublicUser(user) };
}

/**
 * A user changes their own password: the old one must be right, the new one must pass the policy
 * and differ. Clears `must_change_password` and ends every session of the user (the caller opens
 * a fresh one).
 */
export async function changePassword(
  store: UserStore, username: string, oldPassword: string, newPassword: string, options: UserOptions = {},
): Promise<PublicUser> {
  const user = await mustFind(store, username);
  if (!(await verifyPassword(user.password_hash, oldPassword))) throw new UserError('wrong_password', 'the current password is wrong');
  if (oldPassword.normalize('NFC') === newPassword.normalize('NFC')) throw new UserError('same_password', 'the new password must differ from the current one');
  checkPassword(newPassword, user.username);
  const now = nowIso(options);
  const patch = {
    password_hash: await hashPassword(newPassword, options.scrypt ?? DEFAULT_SCRYPT),
    must_change_password: false, password_changed_at: now, updated_at: now,
  };
  await store.updateUser(user.id, patch);
  await store.deleteUserSessions(user.id);
  return toPublicUser({ ...user, ...patch });
}

/** An admin resets a password: returns a one-time password (to hand over), forces a change, ends sessions. */
export async function resetPassword(store: UserStore, username: string, options: UserOptions = {}): Promise<{ user: PublicUser; password: string }> {
  const user = await mustFind(store, username);
  const password = generatePassword();
  const now = nowIso(options);
  const patch = {
    password_hash: await hashPassword(password, options.scrypt ?? DEFAULT_SCRYPT),
    must_change_password: true, password_changed_at: now, updated_at: now,
  };
  await store.updateUser(user.id, patch);
  await store.deleteUserSessions(user.id);
  return { user: toPublicUser({ ...user, ...patch }), password };
}

async function enabledAdmins(store: UserStore): Promise<number> {
  return (await store.listUsers()).filter((u) => u.role === 'admin' && !u.disabled).length;
}

/** Disables (ending every session) or re-enables a user. Refuses to disable the last enabled admin. */
export async function setUserDisabled(store: UserStore, username: string, disabled: boolean, options: UserOptions = {}): Promise<PublicUser> {
  const user = await mustFind(store, username);
  if (disabled && user.role === 'admin' && !user.disabled && (await enabledAdmins(store)) <= 1) {
    throw new UserError('last_admin', 'cannot disable the last enabled admin');
  }
  const patch = { disabled, updated_at: nowIso(options) };
  await store.updateUser(user.id, patch);
  if (disabled) await store.deleteUserSessions(user.id);
  return toPublicUser({ ...user, ...patch });
}

/** Changes a user's role (ending their sessions, so the new role applies at once). Refuses to demote the last enabled admin. */
export async function setUserRole(store: UserStore, username: string, role: Role, options: UserOptions = {}): Promise<PublicUser> {
  if (!isRole(role)) throw new UserError('invalid_role', `unknown role ${JSON.stringify(role)}`);
  const user = await mustFind(store, username);
  if (user.role === role) return toPublicUser(user);
  if (user.role === 'admin' && !user.disabled && (await enabledAdmins(store)) <= 1) {
    throw new UserError('last_admin', 'cannot change the role of the last enabled admin');
  }
  const patch = { role, updated_at: nowIso(options) };
  await store.updateUser(user.id, patch);
  await store.deleteUserSessions(user.id);
  return toPublicUser({ ...user, ...patch });
}

export async function getUser(store: UserStore, username: string): Promise<PublicUser | undefined> {
  let u: UserRecord | undefined;
  try {
    u = await store.findUser(normaliseUsername(username));
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
  return u && toPublicUser(u);
}

export async function listUsers(store: UserStore): Promise<PublicUser[]> {
  return (await store.listUsers()).map(toPublicUser);
}

/**
 * First run: when no user exists, creates `admin` with a random one-time password flagged
 * `must_change_password` and returns it once, for the caller to print. Returns undefined when
 * users already exist (also when another process bootstrapped at the same moment).
 */
export async function bootstrapAdmin(store: UserStore, options: UserOptions = {}): Promise<{ username: string; password: string } | undefined> {
  if ((await store.countUsers()) > 0) return undefined;
  const password = generatePassword();
  try {
    await createUser(store, { username: BOOTSTRAP_USERNAME, password, role: 'admin', displayName: 'Administrator', mustChangePassword: true }, options);
  } catch (e) {
    if (e instanceof UserError && e.code === 'username_taken') return undefined;
    throw e;
  }
  return { username: BOOTSTRAP_USERNAME, password };
}
