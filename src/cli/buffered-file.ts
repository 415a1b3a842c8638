import { closeSync, openSync, writeSync } from 'node:fs';

/** A file written in 1 MiB chunks (output CSVs of hundreds of thousands of lines). */
export class BufferedFile {
  private readonly fd: number;
  private buf = '';

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.buf += text;
    if (this.buf.length > 1 << 20) {
      writeSync(this.fd, this.buf);
      this.buf = '';
    }
  }

  /** Writes what is left and closes the file. */
  close(): void {
    try {
      if (this.buf !== '') writeSync(this.fd, this.buf);
      this.buf = '';
    } finally {
      closeSync(this.fd);
    }
  }
}
