import {
  DEFAULTS,
  TRANSACTION_FIELDS,
  validateTransaction,
  type FieldError,
  type Transaction,
  type Validated,
  type ValidationDefaults,
} from '../domain/transaction.js';
import type { RawRecord, RecordBatch, Rejection } from './records.js';
import { decodeChunks, readRecords, type ReadOptions } from './source.js';
import type { InputFormat } from './format.js';
import { makeTimeConverter, type TimeConverter, type TimeFormat } from './time.js';

export interface IngestOptions extends ReadOptions {
  /** How to read the time column; default `auto` (ISO-8601 text or epoch milliseconds). */
  timeFormat?: TimeFormat;
  /** Origin for `days` / `hours` (ISO text or epoch ms); default 1970-01-01T00:00:00Z. */
  timeOrigin?: string | number;
  /** Currency, channel and party type for records that leave them out. */
  defaults?: ValidationDefaults;
  /** Told of what the reader did or saw that the user should know (each time it happens; say it once). */
  onNote?: (note: IngestNote) => void;
}

/**
 * `amounts-rounded`: amounts rounded to the assumed currency's minor unit (`roundUnnamedAmounts`);
 * `small-epoch-ms`: with the default time format, numbers read as epoch milliseconds that fall
 * before 1973 — most likely epoch seconds or day/hour steps, which would put every transfer within
 * weeks (or a second) of 1970 and leave the windows meaningless.
 */
export type IngestNote = 'amounts-rounded' | 'small-epoch-ms';

/** Numbers below this read as epoch milliseconds are before 1973-03-03: not a transaction time. */
const SMALL_EPOCH_MS = 1e11;
const PLAIN_NUMBER = /^\s*[+-]?\d+(?:\.\d*)?\s*$/;

/** A record that passed validation. */
export interface AcceptedRow {
  /** Physical line in the file where the record starts (the CSV header is line 1). */
  line: number;
  /** 1-based data row number. */
  row: number;
  tx: Transaction;
  /** Extra columns asked for (labels), kept apart from the transaction. */
  extra?: string[];
}

/** One read step: the transactions in file order, the refused records, and progress. */
export interface TransactionBatch {
  accepted: AcceptedRow[];
  rejected: Rejection[];
  bytesRead: number;
}

const FIELD_ORDER: ReadonlyMap<string, number> = new Map(TRANSACTION_FIELDS.map((f, i) => [f, i]));

function byField(a: FieldError, b: FieldError): number {
  return (FIELD_ORDER.get(a.field) ?? -1) - (FIELD_ORDER.get(b.field) ?? -1);
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Builds the per-record step: convert `time` to epoch ms with the time format, then
 * validateTransaction. A bad time is reported as a `time` error alongside any other field's error.
 * Mutates `raw.time`.
 */
export function makeRecordValidator(
  convertTime: TimeConverter,
  defaults: ValidationDefaults = DEFAULTS,
): (raw: RawRecord) => Validated {
  return (raw) => {
    let timeError: string | undefined;
    if (!isBlank(raw.time)) {
      const t = convertTime(raw.time);
      if (typeof t === 'string') {
        timeError = t;
        raw.time = 0; // a valid placeholder so the other fields are still checked
      } else {
        raw.time = t;
      }
    }
    const v = validateTransaction(raw, defaults);
    if (timeError === undefined) return v;
    const errors = v.ok ? [] : v.errors.filter((e) => e.field !== 'time');
    errors.push({ field: 'time', reason: timeError });
    errors.sort(byField);
    return { ok: false, errors };
  };
}

/** Validates one batch of raw rows; decoder rejections are kept, in line order with the new ones. */
export function validateBatch(batch: RecordBatch, validate: (raw: RawRecord) => Validated): TransactionBatch {
  const accepted: AcceptedRow[] = [];
  const rejected: Rejection[] = batch.rejected.slice();
  const decoderRejections = rejected.length;
  for (const r of batch.rows) {
    const v = validate(r.raw);
    if (v.ok) accepted.push(r.extra ? { line: r.line, row: r.row, tx: v.tx, extra: r.extra } : { line: r.line, row: r.row, tx: v.tx });
    else rejected.push({ line: r.line, errors: v.errors });
  }
  if (decoderRejections > 0 && rejected.length > decoderRejections) rejected.sort((a, b) => a.line - b.line);
  return { accepted, rejected, bytesRead: batch.bytesRead };
}

function validatorFor(options: IngestOptions): (raw: RawRecord) => Validated {
  const format = options.timeFormat ?? 'auto';
  const convert = makeTimeConverter(format, options.timeOrigin);
  const note = options.onNote;
  if (note === undefined) return makeRecordValidator(convert, options.defaults);
  const noting: TimeConverter =
    format !== 'auto'
      ? convert
      : (value) => {
          const t = convert(value);
          if (typeof t === 'number' && t < SMALL_EPOCH_MS && (typeof value === 'number' || (typeof value === 'string' && PLAIN_NUMBER.test(value)))) {
            note('small-epoch-ms');
          }
          return t;
        };
  const validate = makeRecordValidator(noting, options.defaults);
  return (raw) => {
    const v = validate(raw);
    if (v.ok && v.rounded) note('amounts-rounded');
    return v;
  };
}

/**
 * Reads, maps, converts and validates a file (`-` = standard input) batch by batch.
 * Option errors (bad time origin, format) are thrown before any reading.
 */
export async function* readTransactions(path: string, options: IngestOptions = {}): AsyncGenerator<TransactionBatch> {
  const validate = validatorFor(options);
  for await (const batch of readRecords(path, options)) yield validateBatch(batch, validate);
}

/** As readTransactions, from chunks already in hand (strings or bytes) of a known format. */
export async function* decodeTransactions(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  format: InputFormat,
  options: IngestOptions = {},
): AsyncGenerator<TransactionBatch> {
  const validate = validatorFor(options);
  for await (const batch of decodeChunks(toAsync(chunks), format, options)) yield validateBatch(batch, validate);
}

async function* toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
