import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { CHECKPOINT_ALG, checkpointContext, keyIdOf } from './audit-chain.js';

/**
 * The ML-DSA-65 key that signs audit checkpoints.
 *
 * WHERE THE SECRET KEY LIVES — a key file, not the database. The checkpoints exist to catch
 * someone who can write the database file: if the secret key sat in that same file, such a person
 * could rewrite the chain and simply re-sign it. So the key lives in its own file, created with
 * mode 0600 (owner read/write only) in a 0700 directory, and loading refuses a file that group or
 * others can read. For the same reason the verifier must be given the public key from a trusted
 * place (this key file, or the exported PEM kept elsewhere), never a public key read from the
 * database. The costs: one more file to back up and protect; if it is lost, new checkpoints need a
 * new key (old checkpoints stay verifiable with the exported old public key, since every
 * checkpoint names its key id and verifyAudit accepts several trusted keys); and it must live on
 * storage the database's other users cannot read. Keeping it in an HSM or a secret manager is the
 * stronger option later: only {@link AuditSigner} has to change.
 *
 * FILE FORMAT (JSON): { format: 'ringwatch-audit-key/1', alg: 'ML-DSA-65', seed: base64 (32 bytes,
 * FIPS 204 ξ), public_key: base64 (1952 bytes), key_id, created }. The 4032-byte secret key is
 * re-derived from the seed on load; the stored public key is compared with the derived one.
 */

export const KEY_FILE_FORMAT = 'ringwatch-audit-key/1';
/** ML-DSA-65 public key length (FIPS 204 Table 2). */
const PK_LEN = 1952;

/** Signs checkpoint messages; holds the secret key inside a closure, never exposes it. */
export interface AuditSigner {
  readonly alg: typeof CHECKPOINT_ALG;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
  /**
   * The same signature made on a worker thread, so the event loop keeps serving requests while
   * it is computed (several milliseconds of CPU each); optional (a signer without it signs inline).
   */
  signAsync?(message: Uint8Array): Promise<Uint8Array>;
}

export interface AuditKeyMaterial {
  /** 32-byte FIPS 204 key-generation seed: the whole secret. */
  seed: Uint8Array;
  publicKey: Uint8Array;
  keyId: string;
}

/** Generates key material (from `seed` when given, for tests; otherwise from the OS CSPRNG). */
export function generateAuditKey(seed?: Uint8Array): AuditKeyMaterial {
  const s = seed ? Uint8Array.from(seed) : new Uint8Array(randomBytes(32));
  if (s.length !== 32) throw new RangeError('an ML-DSA-65 seed is 32 bytes');
  const { publicKey } = ml_dsa65.keygen(s);
  return { seed: s, publicKey, keyId: keyIdOf(publicKey) };
}

/** A signer over key material. */
export function auditSigner(key: AuditKeyMaterial): AuditSigner {
  const { secretKey, publicKey } = ml_dsa65.keygen(key.seed);
  if (!bytesEqual(publicKey, key.publicKey)) throw new Error('audit key: public key does not match the seed');
  const pub = Uint8Array.from(publicKey);
  return Object.freeze({
    alg: CHECKPOINT_ALG,
    keyId: keyIdOf(pub),
    get publicKey(): Uint8Array {
      return Uint8Array.from(pub);
    },
    sign(message: Uint8Array): Uint8Array {
      return ml_dsa65.sign(message, secretKey, { context: checkpointContext() });
    },
    signAsync: workerSigner(key.seed),
  });
}

/**
 * Signs on a worker thread started at the first call (the seed goes to it once, in its start-up
 * data); the worker keeps the process alive only while a signature is pending. Should it fail,
 * the pending calls are rejected and the next call starts a new one.
 */
function workerSigner(seed: Uint8Array): (message: Uint8Array) => Promise<Uint8Array> {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (s: Uint8Array) => void; reject: (e: unknown) => void }>();
  const failAll = (err: unknown): void => {
    worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./audit-sign-worker.js', import.meta.url), { workerData: { seed: Uint8Array.from(seed), context: checkpointContext() } });
    w.on('message', (m: { id: number; signature?: Uint8Array; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.signature) p.resolve(new Uint8Array(m.signature));
      else p.reject(new Error(`audit signer: ${m.error ?? 'no signature'}`));
    });
    w.on('error', failAll);
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`audit signer: worker exited (${code})`));
    });
    w.unref();
    return w;
  };
  return (message) =>
    new Promise<Uint8Array>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, message });
    });
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function fromB64(text: unknown, what: string, length: number): Uint8Array {
  if (typeof text !== 'string') throw new Error(`audit key file: ${what} missing`);
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  if (bytes.length !== length) throw new Error(`audit key file: ${what} is ${bytes.length} bytes, expected ${length}`);
  return bytes;
}

function serialiseKeyFile(key: AuditKeyMaterial, created: Date): string {
  return JSON.stringify({
    format: KEY_FILE_FORMAT, alg: CHECKPOINT_ALG, seed: b64(key.seed), public_key: b64(key.publicKey),
    key_id: key.keyId, created: created.toISOString(),
  }, null, 2) + '\n';
}

function parseKeyFile(text: string, path: string): AuditKeyMaterial {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${path}: not an audit key file (not JSON)`);
  }
  if (raw.format !== KEY_FILE_FORMAT || raw.alg !== CHECKPOINT_ALG) throw new Error(`${path}: not a ${KEY_FILE_FORMAT} ${CHECKPOINT_ALG} key file`);
  const seed = fromB64(raw.seed, 'seed', 32);
  const publicKey = fromB64(raw.public_key, 'public_key', PK_LEN);
  const key = generateAuditKey(seed);
  if (!bytesEqual(key.publicKey, publicKey)) throw new Error(`${path}: public key does not match the seed (file damaged?)`);
  return key;
}

async function checkPrivate(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${path}: audit key file is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
  }
}

export interface OpenedAuditKey {
  signer: AuditSigner;
  /** True when this call generated the key (first run). */
  created: boolean;
}

/**
 * Loads the signing key from `path`, or — when the file does not exist and `create` is not false —
 * generates one and writes it with mode 0600. Creation is atomic and never overwrites: the file is
 * written under a temporary name and hard-linked into place, so two processes starting at once end
 * up with the same key.
 */
export async function openAuditKeyFile(path: string, options: { create?: boolean; now?: () => Date } = {}): Promise<OpenedAuditKey> {
  try {
    await checkPrivate(path);
    return { signer: auditSigner(parseKeyFile(await readFile(path, 'utf8'), path)), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || options.create === false) throw e;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = generateAuditKey();
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, serialiseKeyFile(key, (options.now ?? (() => new Date()))()), { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return openAuditKeyFile(path, { create: false });
  } finally {
    await unlink(tmp);
  }
  return { signer: auditSigner(key), created: true };
}

/** Reads only the public key from a key file (for verification). */
export async function readAuditPublicKey(path: string): Promise<Uint8Array> {
  return parseKeyFile(await readFile(path, 'utf8'), path).publicKey;
}

// ---------------------------------------------------------------------------------------------
// PEM export: SubjectPublicKeyInfo with the NIST OID id-ml-dsa-65 (2.16.840.1.101.3.4.3.18), the
// encoding of RFC 9881 (ML-DSA in X.509), which OpenSSL 3.5+ reads.

/** DER: SEQUENCE(1970) { SEQUENCE(11) { OID id-ml-dsa-65 }, BIT STRING(1953) 0x00 … } */
const SPKI_PREFIX_HEX = '308207b2300b0609608648016503040312038207a100';

export function publicKeyToPem(publicKey: Uint8Array): string {
  if (publicKey.length !== PK_LEN) throw new RangeError(`an ML-DSA-65 public key is ${PK_LEN} bytes`);
  const der = Buffer.concat([Buffer.from(SPKI_PREFIX_HEX, 'hex'), Buffer.from(publicKey)]);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PUBLIC KEY-----', ...lines, '-----END PUBLIC KEY-----', ''].join('\n');
}

export function publicKeyFromPem(pem: string): Uint8Array {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  if (!m) throw new Error('not a PEM public key');
  const der = Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  const prefix = Buffer.from(SPKI_PREFIX_HEX, 'hex');
  if (der.length !== prefix.length + PK_LEN || !der.subarray(0, prefix.length).equals(prefix)) {
    throw new Error('not an ML-DSA-65 SubjectPublicKeyInfo');
  }
  return new Uint8Array(der.subarray(prefix.length));
}
