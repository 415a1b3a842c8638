import { TRANSACTION_FIELDS, type TransactionField } from '../domain/transaction.js';
import { IngestError } from './errors.js';

/** Transaction field → source column (CSV header name or NDJSON key / dotted path). */
export type ColumnMap = Readonly<Partial<Record<TransactionField, string>>>;

const FIELD_SET: ReadonlySet<string> = new Set(TRANSACTION_FIELDS);

export function isTransactionField(name: string): name is TransactionField {
  return FIELD_SET.has(name);
}

/**
 * Parses `--map id=tran_id,time=tran_timestamp,from=orig_acct,...`.
 * Keys must be transaction fields; each key at most once; columns must be non-empty.
 * Whitespace around keys and columns is ignored; an empty spec is an error.
 */
export function parseColumnMap(spec: string): ColumnMap {
  const map: Partial<Record<TransactionField, string>> = {};
  const entries = spec.split(',');
  if (spec.trim() === '') throw new IngestError('--map: is empty; expected field=column,field=column,...');
  entries.forEach((entry, i) => {
    const where = `--map entry ${i + 1} ${JSON.stringify(entry.trim())}`;
    if (entry.trim() === '') throw new IngestError(`${where}: is empty (stray comma?)`);
    const eq = entry.indexOf('=');
    if (eq < 0) throw new IngestError(`${where}: expected field=column`);
    const key = entry.slice(0, eq).trim();
    const column = entry.slice(eq + 1).trim();
    if (key === '') throw new IngestError(`${where}: the field name before "=" is empty`);
    if (!isTransactionField(key)) {
      throw new IngestError(
        `${where}: ${JSON.stringify(key)} is not a transaction field; fields are ${TRANSACTION_FIELDS.join(', ')}`,
      );
    }
    if (column === '') throw new IngestError(`${where}: the column name after "=" is empty`);
    if (map[key] !== undefined) throw new IngestError(`${where}: field ${key} is mapped twice`);
    map[key] = column;
  });
  return map;
}

/** Renders a map back as `field=column,...` (for logs and messages). */
export function formatColumnMap(map: ColumnMap): string {
  return TRANSACTION_FIELDS.filter((f) => map[f] !== undefined)
    .map((f) => `${f}=${map[f]}`)
    .join(',');
}

/** The map used without --map: every header column named like a field maps to itself. */
export function identityMap(columns: readonly string[]): ColumnMap {
  const map: Partial<Record<TransactionField, string>> = {};
  for (const c of columns) {
    const name = c.trim();
    if (isTransactionField(name) && map[name] === undefined) map[name] = c;
  }
  return map;
}

/** One mapped field and the header position it is read from. */
export interface ColumnBinding {
  field: TransactionField;
  index: number;
}

function showColumns(header: readonly string[]): string {
  return header.map((h) => JSON.stringify(h)).join(', ');
}

/**
 * Resolves a map against a CSV header. A column matches exactly (after trimming); failing that,
 * ignoring case when exactly one header column matches. A mapped column that is missing or
 * ambiguous is an error naming it and listing the header's columns.
 */
export function bindColumns(map: ColumnMap, header: readonly string[]): ColumnBinding[] {
  const bindings: ColumnBinding[] = [];
  for (const field of TRANSACTION_FIELDS) {
    const column = map[field];
    if (column === undefined) continue;
    bindings.push({ field, index: findColumn(column, header, `mapped to ${field}`) });
  }
  return bindings;
}

/**
 * The position of `column` in the header: `#N` is the N-th column (1-based, for headers that
 * repeat a name, such as two "Account" columns); otherwise the exact name after trimming, else
 * the one case-insensitive match.
 */
export function findColumn(column: string, header: readonly string[], role = 'requested'): number {
  const trimmed = header.map((h) => h.trim());
  const want = column.trim();
  const positional = /^#(\d+)$/.exec(want);
  if (positional) {
    const n = Number(positional[1]);
    if (n < 1 || n > header.length) {
      throw new IngestError(`column ${want} (${role}) is outside the header's ${header.length} columns: ${showColumns(header)}`, 1);
    }
    return n - 1;
  }
  let hits = positions(trimmed, (h) => h === want);
  if (hits.length === 0) hits = positions(trimmed, (h) => h.toLowerCase() === want.toLowerCase());
  if (hits.length === 0) {
    throw new IngestError(`column ${JSON.stringify(column)} (${role}) is not in the header; the header's columns are ${showColumns(header)}`, 1);
  }
  if (hits.length > 1) {
    throw new IngestError(
      `column ${JSON.stringify(column)} (${role}) appears ${hits.length} times in the header; the header's columns are ${showColumns(header)}`,
      1,
    );
  }
  return hits[0];
}

function positions(items: readonly string[], match: (s: string) => boolean): number[] {
  const out: number[] = [];
  items.forEach((s, i) => {
    if (match(s)) out.push(i);
  });
  return out;
}
