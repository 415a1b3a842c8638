/** The part of a stream the progress bar writes to (process.stderr fits). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Total bytes, when known (a file's size); without it only rows and rate are shown. */
  totalBytes?: number;
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Text before the bar; default "ingest". */
  label?: string;
  /** Least time between two redraws; default 100 ms (≤ 10 per second). */
  intervalMs?: number;
  /** Not on a TTY (a log, a pipe): time between two progress lines; default 10 s. */
  lineIntervalMs?: number;
  /** Clock in ms; default performance.now. */
  now?: () => number;
}

const WIDTH = 24;

function group(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A one-line progress bar: percent of bytes, rows, rows per second. On a TTY it redraws at most
 * once per interval, and `finish()` draws the final state and ends the line. On any other stream
 * (a log file, CI, a pipe) a long job writes one plain line every `lineIntervalMs` instead, and a
 * last one when it finishes; a job done before the first interval writes nothing.
 */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly enabled: boolean;
  private readonly totalBytes: number | undefined;
  private readonly label: string;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private readonly lineIntervalMs: number;
  private lastDraw = -Infinity;
  private lastLine: number;
  private lines = 0;
  private bytes = 0;
  private rows = 0;
  private finished = false;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = this.stream.isTTY === true;
    this.totalBytes = options.totalBytes !== undefined && options.totalBytes > 0 ? options.totalBytes : undefined;
    this.label = options.label ?? 'ingest';
    this.intervalMs = options.intervalMs ?? 100;
    this.lineIntervalMs = options.lineIntervalMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.lastLine = this.started;
  }

  /** Records progress; redraws when the interval has passed. */
  update(bytesRead: number, rows: number): void {
    this.bytes = bytesRead;
    this.rows = rows;
    if (this.finished) return;
    if (!this.enabled) {
      const t = this.now();
      if (t - this.lastLine < this.lineIntervalMs) return;
      this.lastLine = t;
      this.lines++;
      this.stream.write(this.renderPlain(t, false) + '\n');
      return;
    }
    const t = this.now();
    if (t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.draw(t, false);
  }

  /** Draws the final state and ends the line (once). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.enabled) this.draw(this.now(), true);
    else if (this.lines > 0) this.stream.write(this.renderPlain(this.now(), true) + '\n');
  }

  /** A progress line for logs: no bar, no escape codes. */
  renderPlain(t: number = this.now(), done = false): string {
    const seconds = Math.max((t - this.started) / 1000, 1e-3);
    const pct = this.totalBytes === undefined ? '' : ` ${(done ? 100 : Math.min(this.bytes / this.totalBytes, 1) * 100).toFixed(1)}%`;
    return `${this.label}${pct} ${group(this.rows)} rows ${group(this.rows / seconds)} rows/s ${Math.round(seconds)} s${done ? ' done' : ''}`;
  }

  /** The line as it would be drawn now (no escape codes). */
  render(t: number = this.now(), done = false): string {
    const seconds = Math.max((t - this.started) / 1000, 1e-3);
    const rate = `${group(this.rows / seconds)} rows/s`;
    const rows = `${group(this.rows)} rows`;
    if (this.totalBytes === undefined) return `${this.label} ${rows}  ${rate}${done ? '  done' : ''}`;
    const fraction = done ? 1 : Math.min(this.bytes / this.totalBytes, 1);
    const filled = Math.round(fraction * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const pct = (fraction * 100).toFixed(1).padStart(5);
    return `${this.label} ${pct}% ${bar} ${rows}  ${rate}`;
  }

  private draw(t: number, done: boolean): void {
    let line = this.render(t, done);
    const columns = this.stream.columns;
    if (columns !== undefined && columns > 1 && line.length >= columns) line = line.slice(0, columns - 1);
    this.stream.write(`\r${line}\x1b[K${done ? '\n' : ''}`);
  }
}
