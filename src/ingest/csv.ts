import { IngestError } from './errors.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Default cap on one record's length: bounds memory on a stray, never-closed quote. */
export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

export interface CsvParserOptions {
  /** One character; default ",". */
  delimiter?: string;
  /** Longest record (in UTF-16 code units) before the file is refused; default 16 Mi. */
  maxRecordChars?: number;
  /** Physical line number of the first character pushed; default 1. */
  firstLine?: number;
  /**
   * With it, a record with a broken quote (text after a closing quote, a quote never closed, a
   * record past `maxRecordChars`) is reported here and skipped, and parsing goes on at the line
   * after the one it started on: one bad quote costs one record, not the file. Without it, those
   * throw an IngestError.
   */
  onBadRecord?: (line: number, reason: string) => void;
}

/**
 * Receives each record. `fields` is reused between calls: read `fields[0..count)` now and do not
 * keep the array. `line` is the physical line on which the record starts (first line = 1).
 * Returning `true` refuses a record that spans several lines (a quote that swallowed the line
 * breaks after it, as the field count shows): parsing then goes on at the line after its first.
 */
export type CsvRecordHandler = (fields: readonly string[], count: number, line: number) => boolean | void;

/**
 * Incremental RFC 4180 parser: text goes in by chunks of any size, records come out by callback.
 * Quoted fields may hold delimiters, doubled quotes and line breaks; records end with LF or CRLF;
 * empty lines are skipped. A quote inside an unquoted field is kept as a literal character.
 * Throws IngestError (with the line) on text after a closing quote, an unterminated quote at the end,
 * or a record longer than `maxRecordChars`. No state outside the instance.
 */
export class CsvParser {
  private rest = '';
  private line: number;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly maxRecordChars: number;
  private readonly fields: string[] = [];
  /** Whether each field of the current record was quoted. */
  private readonly quoted: boolean[] = [];
  private readonly onBadRecord: ((line: number, reason: string) => void) | undefined;
  /** A bad record's first line is being skipped: everything up to the next line break is dropped. */
  private skipping = false;

  constructor(options: CsvParserOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new IngestError(`CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.line = options.firstLine ?? 1;
    this.onBadRecord = options.onBadRecord;
  }

  /**
   * Hands a record on; true when it is refused and parsing must go on at the line after its first.
   * A record whose quoted field swallowed line breaks is refused when it also holds a quote in an
   * unquoted field (the other half of a quote pair it took from a later line), or when the handler
   * refuses it (its field count).
   */
  private emit(n: number, startLine: number, multi: boolean, onRecord: CsvRecordHandler): boolean {
    if (multi && this.onBadRecord) {
      for (let k = 0; k < n; k++) {
        if (!this.quoted[k] && this.fields[k].includes('"')) {
          this.onBadRecord(startLine, 'a quoted field runs over line breaks into a later line\'s quotes (an unbalanced quote on this line?)');
          return true;
        }
      }
    }
    return onRecord(this.fields, n, startLine) === true && multi;
  }

  /**
   * Where to go on after a bad record that started at `start`: the line after its first line. When
   * that line's end is not in `buf` yet, the rest of it is skipped as it arrives.
   */
  private resync(buf: string, start: number, startLine: number, final: boolean): { i: number; line: number } {
    const k = buf.indexOf('\n', start);
    if (k >= 0) return { i: k + 1, line: startLine + 1 };
    if (!final) this.skipping = true;
    return { i: buf.length, line: startLine };
  }

  /** Parses every record that `text` completes; keeps the unfinished tail for the next call. */
  push(text: string, onRecord: CsvRecordHandler): void {
    this.parse(this.rest.length > 0 ? this.rest + text : text, false, onRecord);
  }

  /** Parses what is left, as the end of the input. */
  end(onRecord: CsvRecordHandler): void {
    const rest = this.rest;
    this.rest = '';
    this.parse(rest, true, onRecord);
  }

  private parse(buf: string, final: boolean, onRecord: CsvRecordHandler): void {
    const len = buf.length;
    const delimiter = this.delimiter;
    const delimiterCode = this.delimiterCode;
    const fields = this.fields;
    const quoted = this.quoted;
    let i = 0;
    let line = this.line;
    if (this.skipping) {
      const k = buf.indexOf('\n');
      if (k < 0) {
        this.skipping = !final;
        this.rest = '';
        return;
      }
      this.skipping = false;
      i = k + 1;
      line++;
    }
    const onBad = this.onBadRecord;
    // Cached positions of the next LF and next delimiter at or after the scan point (len = none).
    let nl = -1;
    let nd = -1;
    let incomplete = false;

    record: while (i < len) {
      const start = i;
      const startLine = line;
      const c0 = buf.charCodeAt(i);
      if (c0 === LF) {
        i++;
        line++;
        continue;
      }
      if (c0 === CR) {
        if (i + 1 >= len) {
          if (!final) {
            incomplete = true;
            break;
          }
          i++;
          continue;
        }
        if (buf.charCodeAt(i + 1) === LF) {
          i += 2;
          line++;
          continue;
        }
      }
      let n = 0;
      // Whether a quoted field of this record held a line break.
      let multi = false;
      for (;;) {
        if (i < len && buf.charCodeAt(i) === QUOTE) {
          const openLine = line;
          let value = '';
          let seg = i + 1;
          let j = seg;
          let q: number;
          for (;;) {
            q = buf.indexOf('"', j);
            if (q < 0) {
              if (final) {
                const reason = 'a quoted field is never closed (missing ")';
                if (!onBad) throw new IngestError(reason, openLine);
                onBad(startLine, reason);
                ({ i, line } = this.resync(buf, start, startLine, final));
                nl = nd = -1;
                continue record;
              }
              incomplete = true;
              break;
            }
            if (q + 1 >= len && !final) {
              incomplete = true;
              break;
            }
            if (q + 1 < len && buf.charCodeAt(q + 1) === QUOTE) {
              value += buf.slice(seg, q + 1);
              j = q + 2;
              seg = j;
              continue;
            }
            value += buf.slice(seg, q);
            break;
          }
          if (incomplete) {
            i = start;
            line = startLine;
            break record;
          }
          if (nl < i) nl = nextIndex(buf, '\n', i, len);
          while (nl < q) {
            line++;
            multi = true;
            nl = nextIndex(buf, '\n', nl + 1, len);
          }
          i = q + 1;
          quoted[n] = true;
          fields[n++] = value;
          if (i >= len) {
            if (!final) {
              incomplete = true;
              i = start;
              line = startLine;
              break record;
            }
            if (this.emit(n, startLine, multi, onRecord)) {
              ({ i, line } = this.resync(buf, start, startLine, final));
              nl = nd = -1;
            }
            continue record;
          }
          const c = buf.charCodeAt(i);
          if (c === delimiterCode) {
            i++;
            continue;
          }
          if (c === LF) {
            i++;
            line++;
            if (this.emit(n, startLine, multi, onRecord)) {
              ({ i, line } = this.resync(buf, start, startLine, final));
              nl = nd = -1;
            }
            continue record;
          }
          if (i + 1 >= len && !final) {
            // CR, or half of a surrogate pair: the next chunk decides.
            incomplete = true;
            i = start;
            line = startLine;
            break record;
          }
          if (c === CR && i + 1 >= len) {
            i++;
            if (this.emit(n, startLine, multi, onRecord)) {
              ({ i, line } = this.resync(buf, start, startLine, final));
              nl = nd = -1;
            }
            continue record;
          }
          if (c === CR && buf.charCodeAt(i + 1) === LF) {
            i += 2;
            line++;
            if (this.emit(n, startLine, multi, onRecord)) {
              ({ i, line } = this.resync(buf, start, startLine, final));
              nl = nd = -1;
            }
            continue record;
          }
          const reason = `unexpected ${describeChar(buf, i)} after a closing quote; a quote inside a quoted field must be doubled ("")`;
          if (!onBad) throw new IngestError(reason, line);
          onBad(startLine, reason);
          ({ i, line } = this.resync(buf, start, startLine, final));
          nl = nd = -1;
          continue record;
        }
        if (nl < i) nl = nextIndex(buf, '\n', i, len);
        if (nd < i) nd = nextIndex(buf, delimiter, i, len);
        if (nd < nl) {
          quoted[n] = false;
          fields[n++] = buf.slice(i, nd);
          i = nd + 1;
          continue;
        }
        if (nl === len && !final) {
          incomplete = true;
          i = start;
          line = startLine;
          break record;
        }
        let e = nl;
        if (e > i && buf.charCodeAt(e - 1) === CR) e--;
        quoted[n] = false;
        fields[n++] = buf.slice(i, e);
        i = nl + 1;
        if (nl < len) line++;
        if (this.emit(n, startLine, multi, onRecord)) {
          ({ i, line } = this.resync(buf, start, startLine, final));
          nl = nd = -1;
        }
        continue record;
      }
    }

    if (incomplete) {
      if (len - i > this.maxRecordChars) {
        const reason = `a record is longer than ${this.maxRecordChars} characters (an unclosed quote?)`;
        if (!onBad) throw new IngestError(reason, line);
        onBad(line, reason);
        const k = buf.indexOf('\n', i);
        this.rest = '';
        if (k < 0) {
          this.skipping = true;
          this.line = line;
          return;
        }
        this.line = line + 1;
        this.parse(buf.slice(k + 1), final, onRecord);
        return;
      }
      this.rest = buf.slice(i);
    } else {
      this.rest = '';
    }
    this.line = line;
  }
}

function nextIndex(buf: string, needle: string, from: number, len: number): number {
  const k = buf.indexOf(needle, from);
  return k < 0 ? len : k;
}

function describeChar(buf: string, i: number): string {
  const ch = String.fromCodePoint(buf.codePointAt(i) ?? 0);
  return `character ${JSON.stringify(ch)}`;
}

/** Quotes a field when it holds the delimiter, a quote, CR or LF (doubling inner quotes). */
export function formatCsvField(value: string, delimiter = ','): string {
  let needs = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === delimiter || c === '"' || c === '\n' || c === '\r') {
      needs = true;
      break;
    }
  }
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One CSV record without its line break. A lone empty field is written as `""` so that it
 * does not read back as an (ignored) empty line.
 */
export function formatCsvRow(fields: readonly string[], delimiter = ','): string {
  if (fields.length === 1 && fields[0] === '') return '""';
  return fields.map((f) => formatCsvField(f, delimiter)).join(delimiter);
}
