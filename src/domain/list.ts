import type { FieldError } from './transaction.js';

/** What a list entry names: an account, a party, or an identifier. */
export const LIST_KINDS = ['account', 'party', 'device', 'phone', 'ip', 'email'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** One entry of a blacklist or watchlist. */
export interface ListEntry {
  list: string;
  kind: ListKind;
  value: string;
  reason: string;
  source: string;
  /** ISO-8601 time it was added. */
  added_at: string;
}

/** A change to the lists, in the order it happened relative to the transaction log. */
export interface ListEvent {
  op: 'add' | 'remove';
  entry: ListEntry;
  /** Transactions applied before this change; replay applies it after that many. */
  after_transactions: number;
  /**
   * The stream sequence of a change that came through a stream (`ringwatch.S.list`): a store
   * records each position once, and stream workers skip these at start (the stream brings them).
   */
  position?: number;
}

const LIST_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export type ValidatedEntry = { ok: true; entry: Omit<ListEntry, 'added_at'> } | { ok: false; errors: FieldError[] };

/** Validates a raw list entry (API body or import row), naming each bad field. */
export function validateListEntry(raw: unknown, list?: string): ValidatedEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: '(record)', reason: 'must be an object' }] };
  }
  const r = raw as Record<string, unknown>;
  const errors: FieldError[] = [];
  const str = (field: string, max: number, required: boolean): string => {
    const v = r[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) errors.push({ field, reason: 'is required' });
      return '';
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      errors.push({ field, reason: 'must be a string' });
      return '';
    }
    const s = String(v).trim();
    if (s.length > max) errors.push({ field, reason: `is longer than ${max} characters` });
    return s;
  };
  const name = (list ?? str('list', 64, true)).toLowerCase();
  if (name && !LIST_NAME.test(name)) errors.push({ field: 'list', reason: 'must be lower-case letters, digits, _ . - (at most 64)' });
  const kind = str('kind', 16, true).toLowerCase();
  if (kind && !(LIST_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', reason: `must be one of ${LIST_KINDS.join(', ')}` });
  const value = str('value', 256, true);
  const reason = str('reason', 1000, false);
  const source = str('source', 200, false);
  for (const k of Object.keys(r)) {
    if (!['list', 'kind', 'value', 'reason', 'source'].includes(k)) errors.push({ field: k, reason: 'is not a list entry field' });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, entry: { list: name, kind: kind as ListKind, value, reason, source: source || 'manual' } };
}
