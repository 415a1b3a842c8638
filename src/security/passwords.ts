import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto), stored as one self-describing string:
 *
 *   scrypt$N$r$p$<salt, base64url>$<hash, base64url>     e.g. scrypt$32768$8$1$Jq…$4v…
 *
 * Each password gets its own 16-byte random salt; the derived key is 32 bytes. The default cost
 * N = 2^15, r = 8, p = 1 needs 32 MiB and takes ~0.1 s, the OWASP-recommended floor for scrypt.
 * Passwords are Unicode-normalised (NFC) first, so the same password typed on two keyboards
 * matches. Comparison is constant-time over the derived keys.
 */

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds on parameters read from a stored hash, so a damaged or hostile row cannot exhaust memory. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function checkParams(params: ScryptParams): void {
  const { N, r, p } = params;
  const pow2 = Number.isSafeInteger(N) && N >= 2 && (N & (N - 1)) === 0;
  if (!pow2 || N > MAX_N) throw new RangeError(`scrypt N must be a power of two in 2…${MAX_N}`);
  if (!Number.isSafeInteger(r) || r < 1 || r > MAX_R) throw new RangeError(`scrypt r must be in 1…${MAX_R}`);
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) throw new RangeError(`scrypt p must be in 1…${MAX_P}`);
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** Parses a stored hash; undefined when it is not in the `scrypt$N$r$p$salt$hash` form. */
export function parsePasswordHash(stored: string): ParsedHash | undefined {
  const parts = typeof stored === 'string' ? stored.split('$') : [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, key] = parts;
  if (![n, r, p].every((x) => /^[1-9][0-9]{0,9}$/.test(x))) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(salt) || !/^[A-Za-z0-9_-]+$/.test(key)) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  try {
    checkParams(params);
  } catch {
    return undefined;
  }
  const parsed = { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
  if (parsed.salt.length < 8 || parsed.key.length < 16) return undefined;
  return parsed;
}

/** Whether `password` matches the stored hash; false (never a throw) for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed || typeof password !== 'string') return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash was made with weaker (or different) parameters than `params` and should be redone at next login. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return true;
  const { N, r, p } = parsed.params;
  return N !== params.N || r !== params.r || p !== params.p || parsed.key.length !== KEY_BYTES;
}

/**
 * A password for one-time use (first-run admin, resets): 24 characters of base64url from 18
 * random bytes, i.e. 144 bits.
 */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The password policy (NIST SP 800-63B style: length, not composition rules). Returns the reason
 * a password is refused, or undefined when it is acceptable.
 */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (typeof password !== 'string') return 'password must be a string';
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) return `password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `password must have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'password must not be blank';
  if (new Set(password).size < 3) return 'password must not repeat one or two characters';
  if (username && password.trim().toLowerCase() === username.trim().toLowerCase()) return 'password must differ from the username';
  return undefined;
}

/**
 * A well-formed hash (zero salt, zero key) that no password matches in practice. Verifying
 * against it when a username does not exist makes an unknown user cost the same time as a wrong
 * password, so login timing does not tell which usernames exist.
 */
export const DUMMY_PASSWORD_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
