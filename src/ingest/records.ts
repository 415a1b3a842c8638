import type { FieldError, TransactionField } from '../domain/transaction.js';

/** A record before validation: only the mapped transaction fields, as the source held them. */
export type RawRecord = { [K in TransactionField]?: unknown };

/** One data record of a file. */
export interface RawRow {
  /** Physical line in the file where the record starts (the CSV header is line 1). */
  line: number;
  /** 1-based ordinal of the data record (header and blank lines not counted). */
  row: number;
  raw: RawRecord;
  /** Values of the requested extra columns (e.g. labels), in the order asked; never given to the engine. */
  extra?: string[];
}

/** A record that was refused, with every reason; the rest of the file goes on. */
export interface Rejection {
  /** Physical line in the file where the record starts (the CSV header is line 1). */
  line: number;
  errors: FieldError[];
}

/** What one read step produced, in file order within each list. */
export interface RecordBatch {
  rows: RawRow[];
  rejected: Rejection[];
  /** Bytes of the file consumed so far (compressed bytes for a .gz file), for progress. */
  bytesRead: number;
}

/** The incremental decoders (CSV, NDJSON) share this shape. */
export interface RecordDecoder {
  /** Decodes what `text` completes into `out`. */
  push(text: string, out: RecordBatch): void;
  /** Decodes the rest, as the end of the input. */
  end(out: RecordBatch): void;
}

/** Renders a rejection as `line 7: amount: not a decimal number: "abc"; time: is required`. */
export function formatRejection(r: Rejection): string {
  return `line ${r.line}: ${r.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`;
}
