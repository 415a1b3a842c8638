import { TRANSACTION_FIELDS, type TransactionField } from '../domain/transaction.js';
import type { ColumnMap } from './column-map.js';
import { DEFAULT_MAX_RECORD_CHARS } from './csv.js';
import { IngestError } from './errors.js';
import type { RawRecord, RecordBatch, RecordDecoder } from './records.js';

export interface NdjsonRecordOptions {
  /** Field → object key, or a dotted path (`payer.account`) when no key of that exact name exists. */
  map?: ColumnMap;
  maxRecordChars?: number;
  /** Extra keys to read into `extra` (e.g. labels). */
  extra?: readonly string[];
}

interface KeyBinding {
  field: TransactionField;
  key: string;
  path: string[] | undefined;
}

/**
 * Turns NDJSON text (one JSON object per line; blank lines skipped; LF or CRLF) into raw records
 * holding only the mapped fields. Without a map, keys named like a field map to themselves.
 * With a map that has no `id`, the id is the 1-based data row number as a string.
 * A line that is not a JSON object is rejected; the file goes on.
 */
export class NdjsonRecordDecoder implements RecordDecoder {
  private rest = '';
  private line = 1;
  private row = 0;
  private readonly bindings: KeyBinding[];
  private readonly idFromRow: boolean;
  private readonly maxRecordChars: number;
  private readonly extra: readonly string[];

  constructor(options: NdjsonRecordOptions = {}) {
    const map: ColumnMap = options.map ?? Object.fromEntries(TRANSACTION_FIELDS.map((f) => [f, f]));
    this.bindings = TRANSACTION_FIELDS.filter((f) => map[f] !== undefined).map((field) => {
      const key = map[field]!;
      return { field, key, path: key.includes('.') ? key.split('.') : undefined };
    });
    this.idFromRow = map.id === undefined;
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.extra = options.extra ?? [];
  }

  push(text: string, out: RecordBatch): void {
    const buf = this.rest.length > 0 ? this.rest + text : text;
    let i = 0;
    for (;;) {
      const nl = buf.indexOf('\n', i);
      if (nl < 0) break;
      this.decodeLine(buf.slice(i, nl), out);
      i = nl + 1;
    }
    this.rest = i === 0 ? buf : buf.slice(i);
    if (this.rest.length > this.maxRecordChars) {
      throw new IngestError(`a line is longer than ${this.maxRecordChars} characters`, this.line);
    }
  }

  end(out: RecordBatch): void {
    const rest = this.rest;
    this.rest = '';
    if (rest.length > 0) this.decodeLine(rest, out);
  }

  private decodeLine(text: string, out: RecordBatch): void {
    const line = this.line++;
    if (isBlank(text)) return;
    if (this.row === 0 && text.trimStart().startsWith('[')) {
      throw new IngestError('the file starts with a JSON array; expected NDJSON, one JSON object per line', line);
    }
    const row = ++this.row;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      out.rejected.push({ line, errors: [{ field: '(record)', reason: `is not valid JSON: ${(e as Error).message}` }] });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
      out.rejected.push({ line, errors: [{ field: '(record)', reason: `must be a JSON object, got ${kind}` }] });
      return;
    }
    const obj = value as Record<string, unknown>;
    const raw: RawRecord = {};
    if (this.idFromRow) raw.id = String(row);
    for (const b of this.bindings) {
      const v = Object.hasOwn(obj, b.key) ? obj[b.key] : b.path ? walk(obj, b.path) : undefined;
      if (v !== undefined) raw[b.field] = v;
    }
    if (this.extra.length > 0) out.rows.push({ line, row, raw, extra: this.extra.map((k) => (obj[k] === undefined || obj[k] === null ? '' : String(obj[k]))) });
    else out.rows.push({ line, row, raw });
  }
}

function walk(obj: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const o = cur as Record<string, unknown>;
    if (!Object.hasOwn(o, part)) return undefined;
    cur = o[part];
  }
  return cur;
}

function isBlank(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) return false;
  }
  return true;
}
