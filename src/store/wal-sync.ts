import { closeSync, fsync, openSync } from 'node:fs';

/**
 * Durable commits that do not stop the event loop. With synchronous=FULL, SQLite fsyncs the
 * write-ahead log inside COMMIT, on the calling (main) thread: 0.5–1.6 ms per group commit on
 * this VM during which no request is served. Instead the commit is written with
 * synchronous=NORMAL (into the WAL, no fsync) and then the -wal file is fsynced on libuv's thread
 * pool; the batch is acknowledged only after that fsync. Every frame written before the fsync —
 * this commit's and any earlier one's — is then on disk, which is what synchronous=FULL gives.
 * Checkpoints keep SQLite's own ordering (in NORMAL mode the WAL is synced before a checkpoint
 * and the database file after it), so a frame checkpointed and overwritten later stays durable.
 */
export class WalSync {
  private fd: number | undefined;

  constructor(private readonly databasePath: string) {}

  /** Resolves once everything written to the WAL so far is on disk. */
  sync(): Promise<void> {
    // The WAL exists from the first commit in WAL mode on, and is never unlinked while this
    // store's connection is open, so one descriptor serves for the store's lifetime.
    this.fd ??= openSync(`${this.databasePath}-wal`, 'r');
    const fd = this.fd;
    return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
