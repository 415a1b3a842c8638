import { GENESIS_HASH, checkpointSignatureValid, isHash, keyIdOf, recomputeRowHash } from './audit-chain.js';
import { headSignatureValid, type SignedHead } from './audit-head.js';
import type { AuditCheckpoint, AuditRow, AuditStore } from './store-port.js';

/**
 * Walks the audit chain and its checkpoints in seq order and reports the first problem: the
 * first row edited, deleted, renumbered or rehashed, or the first checkpoint missing, forged or
 * disagreeing with the chain.
 *
 * What it can and cannot see:
 * - A row edited in place: its hash no longer matches → that row's seq.
 * - A row edited and its hash recomputed, but not the rows after: the next row links to the old
 *   hash → that row's seq.
 * - A row deleted (or renumbered): a gap in seq → that seq.
 * - A stretch rewritten and the whole rest of the chain rehashed: only a signed checkpoint can
 *   tell, and it can only tell the stretch (from the checkpoint before it to it).
 * - Rows deleted from the end: caught by any checkpoint that covers them, and by the signed head
 *   (audit-head.ts, a file beside the key, outside the database) for rows after the last
 *   checkpoint — named as missing. Only rows appended after the newest head (at most the head's
 *   short interval) are protected by the chain alone (`signedHead.rowsAfter`).
 * - Checkpoints deleted: a gap in checkpoint ids, and with `checkpointEvery`, a missing automatic
 *   checkpoint. Deleting the newest checkpoints together with the rows they cover is caught by the
 *   signed head; a row after the last checkpoint edited and the chain rehashed, likewise.
 */

export interface VerifyAuditOptions {
  /**
   * The public keys trusted to sign checkpoints: from the key file or an exported PEM, never
   * read from the database being verified.
   */
  publicKeys: Uint8Array | readonly Uint8Array[];
  /** When set, a checkpoint must exist at every multiple of this seq (the log's automatic checkpoints). */
  checkpointEvery?: number;
  /** Rows read per page (default 2000). */
  pageSize?: number;
  /** The signed head from outside the database (audit-head.json): rows after it were deleted, its hash must match. */
  head?: SignedHead;
  /** Fail when there is no head while the log has rows (what `ringwatch audit verify` asks). */
  requireHead?: boolean;
}

export type AuditVerification =
  | {
    ok: true;
    rows: number;
    checkpoints: number;
    head: { seq: number; hash: string };
    /** Rows after the last checkpoint, covered by the hash chain only. */
    unsignedTail: number;
    /** The seq the signed head covers, and the rows appended after it (covered by the chain only). */
    signedHead?: { seq: number; time: string; rowsAfter: number };
  }
  | {
    ok: false;
    /** The first row affected, where it can be told. */
    seq?: number;
    /** The checkpoint involved, if any. */
    checkpoint?: number;
    problem: string;
  };

type Failure = Extract<AuditVerification, { ok: false }>;

async function* paged<T>(fetch: (after: number, limit: number) => Promise<T[]>, key: (t: T) => number, size: number): AsyncGenerator<T> {
  for (let after = 0; ;) {
    const page = await fetch(after, size);
    if (page.length === 0) return;
    yield* page;
    after = key(page[page.length - 1]);
  }
}

function range(from: number, to: number): string {
  return from === to ? `row ${from}` : `rows ${from}–${to}`;
}

export async function verifyAudit(store: AuditStore, options: VerifyAuditOptions): Promise<AuditVerification> {
  const keys = new Map<string, Uint8Array>();
  for (const pk of options.publicKeys instanceof Uint8Array ? [options.publicKeys] : options.publicKeys) keys.set(keyIdOf(pk), pk);
  const size = Math.max(1, options.pageSize ?? 2000);
  const every = options.checkpointEvery ?? 0;

  const cps = paged((a, n) => store.auditCheckpoints(a, n), (c: AuditCheckpoint) => c.id, size)[Symbol.asyncIterator]();
  let pending = (await cps.next()).value as AuditCheckpoint | undefined;
  let cpCount = 0;
  let lastCpId = 0;
  let lastCpSeq = 0;

  /** Checks the checkpoint `pending` on its own: order, key, signature. */
  const checkSigned = (cp: AuditCheckpoint): Failure | undefined => {
    if (cp.id !== lastCpId + 1) {
      if (cp.id > lastCpId + 1) return { ok: false, checkpoint: lastCpId + 1, problem: `checkpoint ${lastCpId + 1}${cp.id > lastCpId + 2 ? `–${cp.id - 1}` : ''} deleted` };
      return { ok: false, checkpoint: cp.id, problem: `checkpoint ${cp.id} out of order` };
    }
    if (!Number.isSafeInteger(cp.seq) || cp.seq < lastCpSeq) return { ok: false, checkpoint: cp.id, problem: `checkpoint ${cp.id} out of order (seq ${cp.seq})` };
    const key = keys.get(cp.key_id);
    if (!key) return { ok: false, checkpoint: cp.id, seq: cp.seq, problem: `checkpoint ${cp.id} signed by an untrusted key ${cp.key_id}` };
    if (!isHash(cp.head_hash) || !checkpointSignatureValid(cp, key)) return { ok: false, checkpoint: cp.id, seq: cp.seq, problem: `checkpoint ${cp.id} signature invalid` };
    return undefined;
  };

  /** Checks every checkpoint at `seq` against the chain's hash there. */
  const drain = async (seq: number, hash: string): Promise<Failure | undefined> => {
    let covered = false;
    while (pending && pending.seq <= seq) {
      const cp = pending;
      const bad = checkSigned(cp);
      if (bad) return bad;
      if (cp.seq !== seq) return { ok: false, checkpoint: cp.id, problem: `checkpoint ${cp.id} out of order (seq ${cp.seq})` };
      if (cp.head_hash !== hash) {
        const from = Math.min(lastCpSeq + 1, seq);
        return {
          ok: false, seq: from, checkpoint: cp.id,
          problem: `checkpoint ${cp.id}: chain head at seq ${seq} does not match the signed head; ${range(from, seq)} rewritten and rehashed`,
        };
      }
      covered = true;
      lastCpId = cp.id;
      lastCpSeq = cp.seq;
      cpCount++;
      pending = (await cps.next()).value as AuditCheckpoint | undefined;
    }
    if (every > 0 && seq > 0 && seq % every === 0 && !covered) {
      return { ok: false, seq, problem: `checkpoint for seq ${seq} missing (deleted?)` };
    }
    return undefined;
  };

  const head = options.head;
  let seq = 0;
  let hash = GENESIS_HASH;
  // The chain's hash at the head's seq, and the last checkpoint at or before it.
  let hashAtHead = head?.seq === 0 ? GENESIS_HASH : undefined;
  let checkpointBeforeHead = 0;
  const atGenesis = await drain(0, GENESIS_HASH);
  if (atGenesis) return atGenesis;

  for await (const row of paged((a, n) => store.auditRows(a, n), (r: AuditRow) => r.seq, size)) {
    const expected = seq + 1;
    if (row.seq !== expected) {
      if (row.seq > expected) return { ok: false, seq: expected, problem: `gap: ${range(expected, row.seq - 1)} deleted` };
      return { ok: false, seq: row.seq, problem: `row ${row.seq} out of order` };
    }
    const re = recomputeRowHash(row);
    if ('problem' in re) return { ok: false, seq: row.seq, problem: `row edited: ${re.problem}` };
    if (re.hash !== row.hash) return { ok: false, seq: row.seq, problem: 'hash mismatch: row edited' };
    if (row.prev_hash !== hash) {
      if (row.seq === 1) return { ok: false, seq: 1, problem: 'row 1 does not start from the genesis hash' };
      return {
        ok: false, seq: row.seq - 1,
        problem: `hash mismatch: row ${row.seq - 1} edited and rehashed (row ${row.seq} links to a different hash)`,
      };
    }
    seq = row.seq;
    hash = row.hash;
    const bad = await drain(seq, hash);
    if (bad) return bad;
    if (head && row.seq === head.seq) {
      hashAtHead = row.hash;
      checkpointBeforeHead = lastCpSeq;
    }
  }

  if (pending) {
    const bad = checkSigned(pending);
    if (bad) return bad;
    return {
      ok: false, seq: seq + 1, checkpoint: pending.id,
      problem: `truncated: ${range(seq + 1, pending.seq)} deleted (checkpoint ${pending.id} covers seq ${pending.seq})`,
    };
  }
  if (!head) {
    if (options.requireHead && seq > 0) {
      return { ok: false, seq: lastCpSeq + 1, problem: 'no signed head to check the end of the log against (audit-head.json missing: deleted?); rows after the last checkpoint could be gone undetected' };
    }
    return { ok: true, rows: seq, checkpoints: cpCount, head: { seq, hash }, unsignedTail: seq - lastCpSeq };
  }
  const key = keys.get(head.key_id);
  if (!key) return { ok: false, problem: `the signed head is signed by an untrusted key ${head.key_id}` };
  if (!headSignatureValid(head, key)) return { ok: false, problem: 'the signed head\'s signature is invalid (head file edited?)' };
  if (head.seq > seq) {
    return {
      ok: false, seq: seq + 1,
      problem: `truncated: ${range(seq + 1, head.seq)} deleted (the log ends at row ${seq}; the signed head of ${head.time} covers seq ${head.seq})`,
    };
  }
  if (hashAtHead !== head.hash) {
    const from = Math.min(checkpointBeforeHead + 1, head.seq);
    return {
      ok: false, seq: from,
      problem: `the chain at seq ${head.seq} does not match the signed head of ${head.time}; ${range(from, head.seq)} edited and rehashed`,
    };
  }
  return {
    ok: true, rows: seq, checkpoints: cpCount, head: { seq, hash }, unsignedTail: seq - lastCpSeq,
    signedHead: { seq: head.seq, time: head.time, rowsAfter: seq - head.seq },
  };
}

/**
 * Checks a head file against the log as it is now, before a server writes new heads over it:
 * undefined when consistent, else why not (rows missing or rewritten since the head was signed).
 */
export async function headMismatch(store: AuditStore, head: SignedHead | undefined, publicKey: Uint8Array, current: { seq: number; hash: string }): Promise<string | undefined> {
  if (!head) return undefined;
  if (!headSignatureValid(head, publicKey)) return 'the signed head file has an invalid signature';
  if (head.seq > current.seq) return `rows ${current.seq + 1}–${head.seq} are missing (the signed head of ${head.time} covers seq ${head.seq})`;
  const hash = head.seq === 0 ? GENESIS_HASH : (await store.auditRows(head.seq - 1, 1))[0]?.hash;
  return hash === head.hash ? undefined : `row ${head.seq} does not match the signed head of ${head.time}`;
}
