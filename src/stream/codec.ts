import type { FieldError, Transaction } from '../domain/transaction.js';
import { storableErrors } from '../domain/transaction-check.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A validated transaction as a stream message body (its JSON wire form). */
export function encodeTransaction(tx: Transaction): Uint8Array {
  return encoder.encode(JSON.stringify(tx));
}

/**
 * A message body back to a transaction, or the reasons it is not one. Anyone with publish rights
 * can put bytes on the subject: a body that is not a storable transaction is refused here (every
 * worker refuses the same message the same way, so their states stay equal), never scored.
 */
export function decodeTransaction(data: Uint8Array): { ok: true; tx: Transaction } | { ok: false; errors: FieldError[] } {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch (err) {
    return { ok: false, errors: [{ field: '(message)', reason: `not UTF-8 JSON: ${(err as Error).message}` }] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, errors: [{ field: '(message)', reason: 'must be a JSON object' }] };
  const tx = value as Transaction;
  const errors = storableErrors(tx);
  return errors.length ? { ok: false, errors } : { ok: true, tx };
}
