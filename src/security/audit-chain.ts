import { createHash } from 'node:crypto';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { canonicalJson, type JsonValue } from './canonical-json.js';
import type { AuditCheckpoint, AuditRow } from './store-port.js';

/**
 * The audit chain's two formats, written down so that anyone can re-check a chain with nothing
 * but SHA-256, a JSON parser and an ML-DSA-65 verifier.
 *
 * ROW HASH
 *   hash = lower-case hex SHA-256 of the UTF-8 bytes of
 *          canonicalJson({ seq, time, actor, action, subject, details, prev_hash })
 *   where `details` is the parsed JSON value (not its text), every field except `hash` is included,
 *   keys are sorted (so the order is action, actor, details, prev_hash, seq, subject, time), and
 *   canonicalJson is defined in canonical-json.ts. prev_hash of row 1 is {@link GENESIS_HASH}
 *   (64 zeros); prev_hash of row n is the hash of row n − 1. Including `seq` means a row cannot be
 *   renumbered, and including `prev_hash` means a row cannot be moved or dropped, without changing
 *   a hash.
 *
 * CHECKPOINT SIGNATURE
 *   message   = UTF-8 bytes of canonicalJson({ format: 'ringwatch-audit-checkpoint/1', id, seq,
 *               head_hash, time, alg, key_id })
 *   signature = ML-DSA-65 (FIPS 204, pure mode) over `message` with the context string
 *               {@link CHECKPOINT_CONTEXT}, so a signature can never be replayed as one made for
 *               another purpose with the same key.
 */

export const GENESIS_HASH = '0'.repeat(64);
export const CHECKPOINT_FORMAT = 'ringwatch-audit-checkpoint/1';
export const CHECKPOINT_ALG = 'ML-DSA-65';
export const CHECKPOINT_CONTEXT_TEXT = 'ringwatch-audit-checkpoint';

/** The ML-DSA context bytes (a fresh copy each call, so no shared mutable buffer exists). */
export function checkpointContext(): Uint8Array {
  return new TextEncoder().encode(CHECKPOINT_CONTEXT_TEXT);
}

const HEX64 = /^[0-9a-f]{64}$/;

export function isHash(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The fields a row hash covers, with `details` as a parsed value. */
export interface HashedFields {
  seq: number;
  time: string;
  actor: string;
  action: string;
  subject: string | null;
  details: JsonValue;
  prev_hash: string;
}

export function rowHash(fields: HashedFields): string {
  const { seq, time, actor, action, subject, details, prev_hash } = fields;
  return sha256Hex(canonicalJson({ seq, time, actor, action, subject, details, prev_hash }));
}

/**
 * Re-derives a stored row's hash. Returns the hash, or a reason the row cannot be hashed (its
 * details are not JSON, or not in canonical form — which only an edit outside this code makes).
 */
export function recomputeRowHash(row: AuditRow): { hash: string } | { problem: string } {
  let details: JsonValue;
  try {
    details = JSON.parse(row.details) as JsonValue;
  } catch {
    return { problem: 'details are not JSON' };
  }
  try {
    if (canonicalJson(details) !== row.details) return { problem: 'details are not in canonical form' };
    return { hash: rowHash({ ...row, details }) };
  } catch (e) {
    return { problem: `row cannot be hashed: ${(e as Error).message}` };
  }
}

/** The exact bytes a checkpoint's signature covers. */
export function checkpointMessage(cp: Omit<AuditCheckpoint, 'signature'>): Uint8Array {
  const { id, seq, head_hash, time, alg, key_id } = cp;
  return new TextEncoder().encode(canonicalJson({ format: CHECKPOINT_FORMAT, id, seq, head_hash, time, alg, key_id }));
}

/** Key id of a public key: hex of the first 16 bytes of its SHA-256. */
export function keyIdOf(publicKey: Uint8Array): string {
  return sha256Hex(publicKey).slice(0, 32);
}

/** Whether `cp.signature` is a valid ML-DSA-65 signature by `publicKey`; never throws. */
export function checkpointSignatureValid(cp: AuditCheckpoint, publicKey: Uint8Array): boolean {
  if (cp.alg !== CHECKPOINT_ALG) return false;
  if (cp.signature.length !== ml_dsa65.lengths.signature || publicKey.length !== ml_dsa65.lengths.publicKey) return false;
  try {
    return ml_dsa65.verify(cp.signature, checkpointMessage(cp), publicKey, { context: checkpointContext() });
  } catch {
    return false;
  }
}
