import { canonicalJson, type JsonValue } from './canonical-json.js';
import { CHECKPOINT_ALG, checkpointMessage, rowHash } from './audit-chain.js';
import type { HeadKeeper } from './audit-head.js';
import type { AuditSigner } from './audit-keys.js';
import type { AuditCheckpoint, AuditHead, AuditRow, AuditStore } from './store-port.js';

export { verifyAudit, type AuditVerification, type VerifyAuditOptions } from './audit-verify.js';
export { GENESIS_HASH } from './audit-chain.js';

/**
 * The append-only, hash-chained audit log. Every event becomes one row whose hash covers the
 * previous row's hash (audit-chain.ts documents the exact serialisation); every
 * `checkpointEvery` rows, and whenever asked, the head hash is signed with ML-DSA-65 and stored
 * as a checkpoint. Nothing here updates or deletes a row: the store's port has no such operation.
 */

/** The actions the product records. The set is open: any lower-case dotted name is accepted. */
export const AUDIT_ACTIONS = Object.freeze([
  'login', 'login.failed', 'login.locked', 'logout', 'password.change', 'password.reset',
  'user.create', 'user.disable', 'user.enable', 'user.role',
  'decision.change', 'case.assign', 'case.close', 'case.reopen',
  'unmask', 'key.add', 'key.revoke', 'config.change', 'list.add', 'list.remove', 'export', 'audit.checkpoint',
] as const);

export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];
// `string & {}` keeps editor completion for the known names while accepting others.
export type AuditAction = KnownAuditAction | (string & {});

export interface AuditEvent {
  /** `user:<username>` or `key:<api key id>` (or `system` for the engine itself). */
  actor: string;
  action: AuditAction;
  subject?: string | null;
  /** Any JSON value; an object is usual. Defaults to {} when left out. */
  details?: JsonValue;
}

/** A row as read back, with details parsed. */
export interface AuditRecord extends Omit<AuditRow, 'details'> {
  details: JsonValue;
}

export interface AuditLogOptions {
  /** Sign a checkpoint after every this many rows (default 100; 0 turns automatic checkpoints off). */
  checkpointEvery?: number;
  /** Clock, for tests. */
  now?: () => Date;
  /** Keeps the signed head file (beside the key) current after each append. */
  head?: HeadKeeper;
  /**
   * Sign automatic checkpoints on the signer's worker thread (when it has one) instead of inside
   * the write: the write that finds it needs a checkpoint writes nothing, the checkpoint is signed
   * while the event loop serves requests, and the write is tried again with the signature (again
   * from the start should the head have moved meanwhile). For background writers (the case filer),
   * whose appends can wait; each row still gets its checkpoint in the same write.
   */
  signOffThread?: boolean;
}

type UnsignedCheckpoint = Omit<AuditCheckpoint, 'signature'>;

/** Writes that find the head moved while their checkpoints were signed, before signing inline. */
const MAX_SIGN_ATTEMPTS = 3;

/** A checkpoint's identity: the signed message's fields (the same fields, the same signature). */
function messageKey(cp: UnsignedCheckpoint): string {
  return `${cp.id}|${cp.seq}|${cp.head_hash}|${cp.time}|${cp.alg}|${cp.key_id}`;
}

export const DEFAULT_CHECKPOINT_EVERY = 100;

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const MAX_ACTOR = 256;
const MAX_SUBJECT = 512;
const MAX_DETAILS = 64 * 1024;

function validate(event: AuditEvent): { actor: string; action: string; subject: string | null; details: string } {
  const { actor, action } = event;
  if (typeof actor !== 'string' || actor.trim() === '' || actor.length > MAX_ACTOR) {
    throw new TypeError(`audit: actor must be a non-empty string of at most ${MAX_ACTOR} characters`);
  }
  if (typeof action !== 'string' || action.length > 64 || !ACTION.test(action)) {
    throw new TypeError(`audit: action ${JSON.stringify(action)} is not a lower-case dotted name`);
  }
  const subject = event.subject ?? null;
  if (subject !== null && (typeof subject !== 'string' || subject.length > MAX_SUBJECT)) {
    throw new TypeError(`audit: subject must be a string of at most ${MAX_SUBJECT} characters, or null`);
  }
  const details = canonicalJson(event.details === undefined ? {} : event.details);
  if (details.length > MAX_DETAILS) throw new RangeError(`audit: details exceed ${MAX_DETAILS} characters`);
  return { actor, action, subject, details };
}

export class AuditLog {
  private readonly every: number;
  private readonly now: () => Date;
  private readonly head: HeadKeeper | undefined;

  constructor(
    private readonly store: AuditStore,
    private readonly signer: AuditSigner,
    options: AuditLogOptions = {},
  ) {
    const every = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    if (!Number.isSafeInteger(every) || every < 0) throw new RangeError('audit: checkpointEvery must be a whole number ≥ 0');
    this.every = every;
    this.now = options.now ?? (() => new Date());
    this.head = options.head;
    this.signOffThread = options.signOffThread === true && this.signer.signAsync !== undefined;
  }

  private readonly signOffThread: boolean;

  /** The public key that verifies this log's new checkpoints. */
  get publicKey(): Uint8Array {
    return this.signer.publicKey;
  }

  /**
   * Appends one event and returns its stored row. When the new row's seq is a multiple of
   * `checkpointEvery`, its checkpoint is signed and stored in the same transaction.
   */
  async append(event: AuditEvent): Promise<AuditRecord> {
    const [record] = await this.appendMany([event]);
    return record;
  }

  /**
   * Appends several events in one atomic write (one commit, so one fsync, instead of one per
   * event): the rows are chained in order, and each row whose seq is a multiple of
   * `checkpointEvery` gets its checkpoint in the same write, as `append` would. Returns the rows.
   */
  async appendMany(events: readonly AuditEvent[]): Promise<AuditRecord[]> {
    if (events.length === 0) return [];
    const valid = events.map(validate);
    const time = this.now().toISOString();
    // Signatures made off the event loop for the checkpoints a write found it needed, by message.
    let signed: Map<string, Uint8Array> | undefined;
    for (let attempt = 0; ; attempt++) {
      let unsigned: UnsignedCheckpoint[] | undefined;
      const written = await this.store.writeAudit((head) => {
        const plan = this.plan(head, valid, time);
        const checkpoints: AuditCheckpoint[] = [];
        for (const cp of plan.checkpoints) {
          const ready = signed?.get(messageKey(cp));
          if (ready) checkpoints.push({ ...cp, signature: ready });
          else if (this.signOffThread && attempt < MAX_SIGN_ATTEMPTS) {
            // Nothing written: the checkpoints are signed on the worker, then the write is tried again.
            unsigned = plan.checkpoints;
            return {};
          } else checkpoints.push({ ...cp, signature: this.signer.sign(checkpointMessage(cp)) });
        }
        return { rows: plan.rows, checkpoints };
      });
      if (unsigned) {
        const todo = unsigned;
        try {
          const signatures = await Promise.all(todo.map((cp) => this.signer.signAsync!(checkpointMessage(cp))));
          signed = new Map(todo.map((cp, i) => [messageKey(cp), signatures[i]]));
        } catch {
          // The worker failed: sign inside the next write, as without one.
          attempt = MAX_SIGN_ATTEMPTS;
        }
        continue;
      }
      const rows = written.rows as AuditRow[];
      const last = rows[rows.length - 1];
      this.head?.note(last.seq, last.hash);
      return rows.map(toRecord);
    }
  }

  /** The rows of `valid` after `head`, and the unsigned checkpoint of each row whose seq is a multiple of `checkpointEvery`. */
  private plan(head: AuditHead, valid: ReturnType<typeof validate>[], time: string): { rows: AuditRow[]; checkpoints: UnsignedCheckpoint[] } {
    const rows: AuditRow[] = [];
    const checkpoints: UnsignedCheckpoint[] = [];
    let at: AuditHead = head;
    for (const v of valid) {
      const seq = at.seq + 1;
      const fields = { seq, time, actor: v.actor, action: v.action, subject: v.subject, prev_hash: at.hash };
      const row: AuditRow = { ...fields, details: v.details, hash: rowHash({ ...fields, details: JSON.parse(v.details) as JsonValue }) };
      rows.push(row);
      at = { ...at, seq, hash: row.hash };
      if (this.every > 0 && seq % this.every === 0) {
        const cp = this.unsigned(at, time);
        checkpoints.push(cp);
        at = { ...at, checkpointId: cp.id, checkpointSeq: seq };
      }
    }
    return { rows, checkpoints };
  }

  /** The chain's current last seq and hash (0 and the genesis hash while empty). */
  async currentHead(): Promise<{ seq: number; hash: string }> {
    let seen: AuditHead | undefined;
    await this.store.writeAudit((head) => {
      seen = head;
      return {};
    });
    return { seq: seen!.seq, hash: seen!.hash };
  }

  /**
   * Signs the current head now (e.g. at shutdown, or before an export). When the head is already
   * covered by the last checkpoint, that checkpoint is returned and nothing new is stored.
   */
  async checkpoint(): Promise<AuditCheckpoint> {
    let seen: AuditHead | undefined;
    const written = await this.store.writeAudit((head) => {
      seen = head;
      return head.checkpointSeq === head.seq ? {} : { checkpoint: this.sign(head, this.now().toISOString()) };
    });
    if (written.checkpoint) return written.checkpoint;
    const [last] = await this.store.auditCheckpoints((seen?.checkpointId ?? 1) - 1, 1);
    if (!last) throw new Error('audit: the last checkpoint could not be read back');
    return last;
  }

  private unsigned(head: AuditHead, time: string): UnsignedCheckpoint {
    return { id: head.checkpointId + 1, seq: head.seq, head_hash: head.hash, time, alg: CHECKPOINT_ALG, key_id: this.signer.keyId };
  }

  private sign(head: AuditHead, time: string): AuditCheckpoint {
    const unsigned = this.unsigned(head, time);
    return { ...unsigned, signature: this.signer.sign(checkpointMessage(unsigned)) };
  }
}

export function toRecord(row: AuditRow): AuditRecord {
  return { ...row, details: JSON.parse(row.details) as JsonValue };
}

/** Reads rows for display (e.g. the audit.read screen): seq > `afterSeq`, oldest first. */
export async function readAudit(store: AuditStore, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditRecord[]> {
  const limit = Math.min(Math.max(1, options.limit ?? 100), 10_000);
  return (await store.auditRows(options.afterSeq ?? 0, limit)).map(toRecord);
}

