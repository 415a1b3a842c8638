/**
 * An error that stops a whole file (a bad option, a missing column, broken CSV quoting).
 * A bad record is never an IngestError: it becomes a Rejection and the file goes on.
 */
export class IngestError extends Error {
  /** Physical line in the file (header = line 1) when the error belongs to one. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'IngestError';
    this.line = line;
  }
}
