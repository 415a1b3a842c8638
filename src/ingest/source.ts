import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import type { ColumnMap } from './column-map.js';
import { CsvRecordDecoder } from './csv-records.js';
import { IngestError } from './errors.js';
import { detectDelimiter, detectFormat, isGzipPath, type InputFormat } from './format.js';
import { NdjsonRecordDecoder } from './ndjson.js';
import type { RecordBatch, RecordDecoder } from './records.js';

export interface ReadOptions {
  /** csv | tsv | ndjson (jsonl and json are read as ndjson); default from the file's extension. */
  format?: InputFormat | string;
  /** Field → column; default: columns/keys named like a transaction field map to themselves. */
  map?: ColumnMap;
  /** CSV delimiter; default: tab for tsv, otherwise detected from the header (comma, semicolon, tab, pipe). */
  delimiter?: string;
  /** Text encoding of the file (any WHATWG label: utf-8, gb18030, latin1, …); default utf-8. */
  encoding?: string;
  /** Decompress gzip; default: when the path ends in .gz. */
  gzip?: boolean;
  /** Read size in bytes; default 1 MiB. Each batch holds the records one read completes. */
  chunkBytes?: number;
  /** Extra columns (keys) to read beside the mapped fields, e.g. labels for evaluation. */
  extra?: readonly string[];
  /** Longest record (characters) before the file is refused; default 16 Mi. */
  maxRecordChars?: number;
}

const DEFAULT_CHUNK = 1 << 20;
/** How much text is held back, at most, waiting for the end of the first line. */
const HEADER_PROBE_CHARS = 1 << 16;

/**
 * Streams raw records from a file (`-` = standard input, which needs an explicit format), one batch
 * per read, with bounded memory: a batch is produced only when the consumer asks for it.
 * Rows carry the physical line (header = line 1), the data row number and only the mapped fields.
 * Throws IngestError for problems that stop the file (unreadable, missing column, broken quoting).
 */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  if (path === '-' && (options.format === undefined || options.format === '')) {
    throw new IngestError('reading standard input needs --format csv|tsv|ndjson');
  }
  const format = detectFormat(path, options.format);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  const counter = { bytes: 0 };
  let chunks: AsyncIterable<Uint8Array | string>;
  if (path === '-') {
    chunks = counting(process.stdin, counter);
  } else {
    const file = createReadStream(path, { highWaterMark: chunkBytes });
    const opened = new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', reject);
    });
    try {
      await opened;
    } catch (e) {
      throw new IngestError(`cannot read ${JSON.stringify(path)}: ${(e as Error).message}`);
    }
    const gzip = options.gzip ?? isGzipPath(path);
    chunks = gzip ? gunzipped(file, counter) : counting(file, counter);
  }
  yield* decodeChunks(chunks, format, options, () => counter.bytes);
}

/**
 * Streams raw records from chunks of bytes (UTF-8 unless `options.encoding`) or strings.
 * `bytesRead` reports the bytes (or characters) seen unless `position` says otherwise.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  format: InputFormat,
  options: ReadOptions = {},
  position?: () => number,
): AsyncGenerator<RecordBatch> {
  let decoder: RecordDecoder | undefined;
  let text: TextDecoder;
  try {
    text = new TextDecoder(options.encoding ?? 'utf-8');
  } catch {
    throw new IngestError(`unknown text encoding ${JSON.stringify(options.encoding)}`);
  }
  let seen = 0;
  let first = true;
  let pending = '';
  const batch = (): RecordBatch => ({ rows: [], rejected: [], bytesRead: position ? position() : seen });

  for await (const chunk of chunks) {
    let s: string;
    if (typeof chunk === 'string') {
      s = chunk;
      seen += chunk.length;
    } else {
      s = text.decode(chunk, { stream: true });
      seen += chunk.byteLength;
    }
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s.length === 0) continue;
    if (decoder === undefined) {
      // Hold the start back until the first line is whole: the delimiter is read from it.
      pending += s;
      if (pending.indexOf('\n') < 0 && pending.length < HEADER_PROBE_CHARS) continue;
      decoder = makeDecoder(format, options, pending);
      s = pending;
      pending = '';
    }
    const out = batch();
    decoder.push(s, out);
    if (out.rows.length > 0 || out.rejected.length > 0) yield out;
  }
  const tail = pending + text.decode();
  decoder ??= makeDecoder(format, options, tail);
  const out = batch();
  if (tail.length > 0) decoder.push(tail, out);
  decoder.end(out);
  if (out.rows.length > 0 || out.rejected.length > 0) yield out;
}

function makeDecoder(format: InputFormat, options: ReadOptions, firstText: string): RecordDecoder {
  if (format === 'ndjson') return new NdjsonRecordDecoder({ map: options.map, extra: options.extra, maxRecordChars: options.maxRecordChars });
  let delimiter = options.delimiter;
  if (delimiter === undefined) {
    if (format === 'tsv') delimiter = '\t';
    else {
      const nl = firstText.indexOf('\n');
      delimiter = detectDelimiter(nl < 0 ? firstText : firstText.slice(0, nl));
    }
  }
  return new CsvRecordDecoder({ map: options.map, extra: options.extra, delimiter, maxRecordChars: options.maxRecordChars });
}

async function* counting(
  stream: AsyncIterable<Uint8Array | string>,
  counter: { bytes: number },
): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of stream) {
    counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    yield chunk as Uint8Array | string;
  }
}

async function* gunzipped(
  file: ReturnType<typeof createReadStream>,
  counter: { bytes: number },
): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip();
  file.on('error', (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      counter.bytes = file.bytesRead;
      yield chunk as Uint8Array;
    }
  } catch (e) {
    throw new IngestError(`cannot decompress: ${(e as Error).message}`);
  } finally {
    file.destroy();
  }
}
