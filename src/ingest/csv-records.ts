import { bindColumns, findColumn, identityMap, type ColumnBinding, type ColumnMap } from './column-map.js';
import { CsvParser, type CsvRecordHandler } from './csv.js';
import { IngestError } from './errors.js';
import type { RawRecord, RecordBatch, RecordDecoder } from './records.js';

export interface CsvRecordOptions {
  /** Field → header column. Without it, header columns named like a field map to themselves. */
  map?: ColumnMap;
  delimiter?: string;
  maxRecordChars?: number;
  /** Extra columns to read into `extra` (e.g. labels). */
  extra?: readonly string[];
}

/**
 * Turns CSV text into raw records: the first record is the header, the map is bound to it,
 * and every later record yields an object holding only the mapped fields (unmapped columns are
 * never read). Without a mapped `id`, the id is the 1-based data row number as a string.
 * A record whose field count differs from the header's (beyond trailing empty fields) is rejected.
 */
export class CsvRecordDecoder implements RecordDecoder {
  private readonly parser: CsvParser;
  private readonly map: ColumnMap | undefined;
  private header: string[] | undefined;
  private bindings: ColumnBinding[] = [];
  private readonly extra: readonly string[];
  private extraIndex: number[] = [];
  private idFromRow = false;
  private row = 0;
  private out: RecordBatch | undefined;
  private readonly handler: CsvRecordHandler;

  constructor(options: CsvRecordOptions = {}) {
    // A broken quote costs its record (reported with its line), not the file.
    this.parser = new CsvParser({
      delimiter: options.delimiter, maxRecordChars: options.maxRecordChars,
      onBadRecord: (line, reason) => {
        if (this.header === undefined) throw new IngestError(`the header row: ${reason}`, line);
        this.row++;
        this.out?.rejected.push({ line, errors: [{ field: '(record)', reason }] });
      },
    });
    this.map = options.map;
    this.extra = options.extra ?? [];
    this.handler = (fields, count, line) => this.onRecord(fields, count, line);
  }

  /** The header's columns, once read. */
  get columns(): readonly string[] | undefined {
    return this.header;
  }

  push(text: string, out: RecordBatch): void {
    this.out = out;
    this.parser.push(text, this.handler);
    this.out = undefined;
  }

  end(out: RecordBatch): void {
    this.out = out;
    this.parser.end(this.handler);
    this.out = undefined;
    if (this.header === undefined) throw new IngestError('the file is empty; a CSV file needs a header row');
  }

  private onRecord(fields: readonly string[], count: number, line: number): boolean {
    if (this.header === undefined) {
      this.readHeader(fields.slice(0, count));
      return false;
    }
    const headerLength = this.header.length;
    if (count === 1 && headerLength > 1 && fields[0].trim() === '') return false; // whitespace-only line
    const row = ++this.row;
    const out = this.out!;
    if (count !== headerLength && !(count > headerLength && trailingEmpty(fields, headerLength, count))) {
      // A record spanning lines with the wrong field count is most likely a stray quote that swallowed
      // the lines after it: the parser then reads on from the next line (it does only for such records).
      const spans = fields.slice(0, count).some((f) => f.includes('\n'));
      out.rejected.push({
        line,
        errors: [{ field: '(record)', reason: `has ${count} field${count === 1 ? '' : 's'}; the header has ${headerLength}${spans ? ' (an unbalanced quote on this line?)' : ''}` }],
      });
      return spans;
    }
    const raw: RawRecord = {};
    if (this.idFromRow) raw.id = String(row);
    const bindings = this.bindings;
    for (let k = 0; k < bindings.length; k++) {
      const b = bindings[k];
      raw[b.field] = fields[b.index];
    }
    if (this.extraIndex.length > 0) out.rows.push({ line, row, raw, extra: this.extraIndex.map((i) => fields[i]) });
    else out.rows.push({ line, row, raw });
    return false;
  }

  private readHeader(columns: string[]): void {
    if (columns.length > 0 && columns[0].charCodeAt(0) === 0xfeff) columns[0] = columns[0].slice(1);
    this.header = columns;
    this.bindings = bindColumns(this.map ?? identityMap(columns), columns);
    this.idFromRow = !this.bindings.some((b) => b.field === 'id');
    this.extraIndex = this.extra.map((c) => findColumn(c, columns));
  }
}

function trailingEmpty(fields: readonly string[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (fields[k].trim() !== '') return false;
  return true;
}
