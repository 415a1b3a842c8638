import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { CHECKPOINT_ALG, checkpointContext, isHash } from './audit-chain.js';
import type { AuditSigner } from './audit-keys.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The signed head of the audit log: the last row's seq and hash, signed with the audit key and
 * kept in a file beside the key — outside the database. Checkpoints inside the database cannot
 * reveal rows deleted after the last of them (the rows and the checkpoints can be deleted
 * together); the head can, because whoever deletes rows from the database cannot roll back or
 * re-sign a file they cannot write. It is rewritten shortly after every append (at most once per
 * `intervalMs`) and at shutdown, so at most the rows of the last interval are covered by the hash
 * chain alone.
 *
 * FORMAT (JSON file, mode 0600): { format: 'ringwatch-audit-head/1', seq, hash, time, alg, key_id,
 * signature: base64 }. The signature is ML-DSA-65 over the UTF-8 bytes of canonicalJson of every
 * other field, with the checkpoint context string; the distinct `format` keeps a head from ever
 * passing as a checkpoint or the reverse.
 */

export const HEAD_FORMAT = 'ringwatch-audit-head/1';

export interface SignedHead {
  format: typeof HEAD_FORMAT;
  seq: number;
  hash: string;
  time: string;
  alg: typeof CHECKPOINT_ALG;
  key_id: string;
  signature: string;
}

function message(h: Omit<SignedHead, 'signature'>): Uint8Array {
  const { format, seq, hash, time, alg, key_id } = h;
  return new TextEncoder().encode(canonicalJson({ format, seq, hash, time, alg, key_id }));
}

export function signHead(signer: AuditSigner, seq: number, hash: string, time: string): SignedHead {
  const unsigned = { format: HEAD_FORMAT, seq, hash, time, alg: CHECKPOINT_ALG, key_id: signer.keyId } as const;
  return { ...unsigned, signature: Buffer.from(signer.sign(message(unsigned))).toString('base64') };
}

/** signHead, with the signature made on the signer's worker thread when it has one. */
export async function signHeadAsync(signer: AuditSigner, seq: number, hash: string, time: string): Promise<SignedHead> {
  if (!signer.signAsync) return signHead(signer, seq, hash, time);
  const unsigned = { format: HEAD_FORMAT, seq, hash, time, alg: CHECKPOINT_ALG, key_id: signer.keyId } as const;
  let signature: Uint8Array;
  try {
    signature = await signer.signAsync(message(unsigned));
  } catch {
    // The worker failed: sign here rather than leave the head unwritten.
    signature = signer.sign(message(unsigned));
  }
  return { ...unsigned, signature: Buffer.from(signature).toString('base64') };
}

/** Whether the head is well-formed and signed by `publicKey`; never throws. */
export function headSignatureValid(h: SignedHead, publicKey: Uint8Array): boolean {
  try {
    if (h.format !== HEAD_FORMAT || h.alg !== CHECKPOINT_ALG || !Number.isSafeInteger(h.seq) || h.seq < 0 || !isHash(h.hash)) return false;
    const sig = new Uint8Array(Buffer.from(h.signature, 'base64'));
    return ml_dsa65.verify(sig, message(h), publicKey, { context: checkpointContext() });
  } catch {
    return false;
  }
}

/** Reads a head file; undefined when there is none. Throws when it is not a head file. */
export async function readHeadFile(path: string): Promise<SignedHead | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const h = JSON.parse(text) as SignedHead;
    if (h.format !== HEAD_FORMAT || typeof h.signature !== 'string') throw new Error('wrong format');
    return h;
  } catch {
    throw new Error(`${path}: not a ${HEAD_FORMAT} file`);
  }
}

/** Replaces the head file atomically (temporary file, fsync, rename), owner-only. */
export async function writeHeadFile(path: string, head: SignedHead): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(JSON.stringify(head, null, 2) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export interface HeadKeeperOptions {
  /** Longest delay between an append and the head that covers it (default 1000 ms). */
  intervalMs?: number;
  now?: () => Date;
  /** Where a failed write is reported (default: a process warning). */
  onError?: (err: unknown) => void;
}

/**
 * Keeps the head file current: `note` after each append schedules a write within `intervalMs`;
 * `flush` writes at once (shutdown). Never writes a head older than the one on file, and, once
 * `freeze` is called (the log no longer matches the head on file), never writes again, so the
 * evidence of a truncation is not overwritten by the rows appended after it.
 */
export class HeadKeeper {
  private latest: { seq: number; hash: string } | undefined;
  private writtenSeq: number;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private frozen: string | undefined;
  private readonly intervalMs: number;
  private readonly now: () => Date;

  constructor(private readonly signer: AuditSigner, readonly path: string, onFile: SignedHead | undefined, private readonly options: HeadKeeperOptions = {}) {
    this.writtenSeq = onFile?.seq ?? -1;
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? (() => new Date());
  }

  /** Why the keeper stopped writing, if it did. */
  get frozenBecause(): string | undefined {
    return this.frozen;
  }

  freeze(reason: string): void {
    this.frozen = reason;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  note(seq: number, hash: string): void {
    if (this.frozen || seq <= (this.latest?.seq ?? -1)) return;
    this.latest = { seq, hash };
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Writes the newest noted head now (if newer than the file's); resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      const h = this.latest;
      if (this.frozen || !h || h.seq <= this.writtenSeq) return;
      try {
        await writeHeadFile(this.path, await signHeadAsync(this.signer, h.seq, h.hash, this.now().toISOString()));
        this.writtenSeq = h.seq;
      } catch (err) {
        (this.options.onError ?? ((e) => process.emitWarning(`ringwatch: audit head not written: ${String(e)}`)))(err);
      }
    });
    return this.writing;
  }
}
