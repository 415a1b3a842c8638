import {
  CHANNEL_TOKEN, MAX_AGE, MAX_ID, MAX_TEXT, MAX_TIME, MIN_TIME, PARTY_TYPES, PURPOSE_CODE, TRANSACTION_FIELDS, geoReason,
  type FieldError, type Transaction, type TransactionField,
} from './transaction.js';
import { isIsoCurrency } from './currencies.js';

/** A transaction that is not in normalised form; never stored, never scored. */
export class InvalidTransactionError extends Error {
  readonly statusCode = 400;
  constructor(readonly errors: readonly FieldError[]) {
    super(`invalid transaction: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`);
    this.name = 'InvalidTransactionError';
  }
}

const OPTIONAL = ['device', 'ip', 'phone', 'country', 'counterparty_bank', 'from_name', 'to_name'] as const;
/** The fields that make a transaction what it is: all but the counterparty names (screened, never stored). */
const IDENTITY_FIELDS = TRANSACTION_FIELDS.filter((f) => f !== 'from_name' && f !== 'to_name');

function identifier(v: unknown, field: string, errors: FieldError[]): void {
  if (typeof v !== 'string' || v === '') errors.push({ field, reason: 'must be a non-empty string' });
  else if (v.length > MAX_ID) errors.push({ field, reason: `is longer than ${MAX_ID} characters` });
  else if (v.trim() !== v) errors.push({ field, reason: 'must not start or end with white space' });
}

/**
 * Checks that a value is a transaction in the normalised form validateTransaction produces:
 * every field of its type, every enumeration a member of its set. The pipeline runs it before
 * scoring and the stores before writing, so no input path can ask either to take a record the
 * validator would refuse. Returns the problems, each naming its field; empty when storable.
 */
export function storableErrors(tx: Transaction): FieldError[] {
  const errors: FieldError[] = [];
  if (tx === null || typeof tx !== 'object') return [{ field: '(record)', reason: 'must be an object' }];
  identifier(tx.id, 'id', errors);
  identifier(tx.from, 'from', errors);
  identifier(tx.to, 'to', errors);
  if (!Number.isSafeInteger(tx.time) || tx.time < MIN_TIME || tx.time > MAX_TIME) {
    errors.push({ field: 'time', reason: 'must be whole epoch milliseconds within 1900-01-01..2200-01-01' });
  }
  if (!Number.isSafeInteger(tx.amount) || tx.amount < 0) errors.push({ field: 'amount', reason: 'must be a non-negative integer of minor units' });
  if (typeof tx.currency !== 'string' || !isIsoCurrency(tx.currency)) errors.push({ field: 'currency', reason: 'must be an ISO 4217 currency code' });
  if (typeof tx.channel !== 'string' || !CHANNEL_TOKEN.test(tx.channel)) errors.push({ field: 'channel', reason: 'must be a short lower-case token' });
  for (const field of ['from_type', 'to_type'] as const) {
    if (typeof tx[field] !== 'string' || !PARTY_TYPES.has(tx[field])) errors.push({ field, reason: 'must be natural or legal' });
  }
  for (const field of OPTIONAL) {
    const v = tx[field];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') errors.push({ field, reason: 'must be a non-empty string when present' });
    else if (v.length > MAX_TEXT) errors.push({ field, reason: `is longer than ${MAX_TEXT} characters` });
  }
  if (tx.purpose !== undefined && (typeof tx.purpose !== 'string' || !PURPOSE_CODE.test(tx.purpose))) {
    errors.push({ field: 'purpose', reason: 'must be an upper-case purpose code of 1–35 letters and digits when present' });
  }
  if (tx.payer_age !== undefined && (!Number.isInteger(tx.payer_age) || tx.payer_age < 0 || tx.payer_age > MAX_AGE)) {
    errors.push({ field: 'payer_age', reason: `must be whole years from 0 to ${MAX_AGE} when present` });
  }
  if (tx.geo !== undefined) {
    const reason = typeof tx.geo === 'string' ? geoReason(tx.geo) : 'must be a string';
    if (reason) errors.push({ field: 'geo', reason });
  }
  return errors;
}

/** Throws InvalidTransactionError unless `tx` is storable. */
export function assertStorable(tx: Transaction): void {
  const errors = storableErrors(tx);
  if (errors.length > 0) throw new InvalidTransactionError(errors);
}

/** Fields in which two transactions differ, in wire order (empty: the same transaction); names do not count. */
export function differingFields(a: Transaction, b: Transaction): TransactionField[] {
  return IDENTITY_FIELDS.filter((f) => a[f] !== b[f]);
}

/** The id was used before for a different transaction: refused, nothing stored or scored. */
export class IdempotencyConflictError extends Error {
  readonly statusCode = 409;
  readonly errors: readonly FieldError[];
  constructor(readonly id: string, readonly fields: readonly TransactionField[]) {
    const reason = `was already used for a different transaction (${fields.join(', ')} differ); send a new id for a new transaction`;
    super(`id ${JSON.stringify(id)} ${reason}`);
    this.name = 'IdempotencyConflictError';
    this.errors = [{ field: 'id', reason }];
  }
}
