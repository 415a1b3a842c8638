/** The file ingestion layer: formats, column maps, streaming decoders, time conversion, validation. */
export { IngestError } from './errors.js';
export {
  parseColumnMap,
  formatColumnMap,
  identityMap,
  bindColumns,
  isTransactionField,
  type ColumnMap,
  type ColumnBinding,
} from './column-map.js';
export { detectFormat, detectDelimiter, isGzipPath, INPUT_FORMATS, type InputFormat } from './format.js';
export {
  CsvParser,
  formatCsvField,
  formatCsvRow,
  DEFAULT_MAX_RECORD_CHARS,
  type CsvParserOptions,
  type CsvRecordHandler,
} from './csv.js';
export { CsvRecordDecoder, type CsvRecordOptions } from './csv-records.js';
export { NdjsonRecordDecoder, type NdjsonRecordOptions } from './ndjson.js';
export {
  formatRejection,
  type RawRecord,
  type RawRow,
  type Rejection,
  type RecordBatch,
  type RecordDecoder,
} from './records.js';
export { readRecords, decodeChunks, type ReadOptions } from './source.js';
export {
  parseTimeFormat,
  parseTimeOrigin,
  parseIsoUtc,
  makeTimeConverter,
  TIME_FORMATS,
  type TimeFormat,
  type TimeConverter,
} from './time.js';
export {
  readTransactions,
  decodeTransactions,
  makeRecordValidator,
  validateBatch,
  type IngestOptions,
  type IngestNote,
  type AcceptedRow,
  type TransactionBatch,
} from './transactions.js';
export { ProgressBar, type ProgressOptions, type ProgressStream } from './progress.js';
