import { validateListEntry, type ListEvent } from '../domain/list.js';
import type { FieldError, Transaction } from '../domain/transaction.js';
import { storableErrors } from '../domain/transaction-check.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A validated transaction as a stream message body (its JSON wire form). */
export function encodeTransaction(tx: Transaction): Uint8Array {
  return encoder.encode(JSON.stringify(tx));
}

/** A message body as a JSON object, or why it is not one. */
function jsonObject(data: Uint8Array): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch (err) {
    return { ok: false, errors: [{ field: '(message)', reason: `not UTF-8 JSON: ${(err as Error).message}` }] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, errors: [{ field: '(message)', reason: 'must be a JSON object' }] };
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * A message body back to a transaction, or the reasons it is not one. Anyone with publish rights
 * can put bytes on the subject: a body that is not a storable transaction is refused here (every
 * worker refuses the same message the same way, so their states stay equal), never scored.
 */
export function decodeTransaction(data: Uint8Array): { ok: true; tx: Transaction } | { ok: false; errors: FieldError[] } {
  const body = jsonObject(data);
  if (!body.ok) return body;
  const tx = body.value as unknown as Transaction;
  const errors = storableErrors(tx);
  return errors.length ? { ok: false, errors } : { ok: true, tx };
}

/** A list change as a stream message body: `{op, entry}` (the stream position says when it applies). */
export function encodeListChange(change: Pick<ListEvent, 'op' | 'entry'>): Uint8Array {
  return encoder.encode(JSON.stringify({ op: change.op, entry: change.entry }));
}

/** A list-change message body back to its change, or the reasons it is not one (checked as the API checks an entry). */
export function decodeListChange(data: Uint8Array): { ok: true; change: Pick<ListEvent, 'op' | 'entry'> } | { ok: false; errors: FieldError[] } {
  const body = jsonObject(data);
  if (!body.ok) return body;
  const { op, entry } = body.value as { op?: unknown; entry?: unknown };
  if (op !== 'add' && op !== 'remove') return { ok: false, errors: [{ field: 'op', reason: 'must be add or remove' }] };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return { ok: false, errors: [{ field: 'entry', reason: 'must be an object' }] };
  const { added_at: addedAt, ...rest } = entry as Record<string, unknown>;
  if (typeof addedAt !== 'string' || Number.isNaN(Date.parse(addedAt))) return { ok: false, errors: [{ field: 'entry.added_at', reason: 'must be an ISO-8601 time' }] };
  const checked = validateListEntry(rest);
  if (!checked.ok) return { ok: false, errors: checked.errors.map((e) => ({ ...e, field: `entry.${e.field}` })) };
  return { ok: true, change: { op, entry: { ...checked.entry, added_at: addedAt } } };
}
