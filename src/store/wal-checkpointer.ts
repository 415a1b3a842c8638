import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a SQLite file's write-ahead log from a worker thread. SQLite's automatic checkpoint
 * runs inside the COMMIT that takes the WAL past 1,000 pages, on the committing (main) thread:
 * copying those pages into the database file and two fsyncs, several milliseconds during which no
 * request is served — at a few thousand transfers per second, several times a second. With the
 * connection's automatic checkpoint off, the worker's own connection runs a PASSIVE checkpoint
 * (never waits for readers or the writer) every `everyMs`; the writer restarts the log once it is
 * copied, as before. A second apart, a busy store's checkpoints copy at least as many pages each as
 * the automatic ones did (each copies the hot pages once, so more often would cost more CPU). Should the worker fail, `onFailure` turns the automatic checkpoint back on.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(databasePath: string, onFailure: (err: unknown) => void, everyMs = 1000) {
    this.worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), { workerData: { path: databasePath, everyMs } });
    this.worker.on('error', onFailure);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // It must never keep the process alive on its own.
    this.worker.unref();
  }

  /** Stops the worker after its current checkpoint and closes its connection. */
  async close(): Promise<void> {
    // Held open until it has exited (it is unref'd otherwise).
    this.worker.ref();
    this.worker.postMessage('close');
    await this.exited;
  }
}

/**
 * One checkpointer for every connection Ringwatch opens to one database file. Automatic
 * checkpointing is a per-connection setting, and any connection whose commit finds the shared
 * WAL past 1,000 pages checkpoints it there: with only the transaction store's connection
 * switched off, the server's case filer and audit log (their own connections to the same file,
 * on the main thread) took over the checkpoints the worker was there to take — measured with
 * strace during an alert storm, the main thread wrote 814 database pages and fsynced the
 * database file 12 times in 20 s. Each connection adopted here has its automatic checkpoint
 * off; one worker (started with the first) checkpoints for all of them, and should it fail,
 * every adopted connection gets its automatic checkpoint back.
 */
export class SharedCheckpoints {
  private checkpointer: WalCheckpointer | undefined;
  private readonly adopted = new Set<Database.Database>();
  private failed = false;

  constructor(private readonly databasePath: string) {}

  /** Hands the connection's checkpoints to the worker. */
  adopt(db: Database.Database): void {
    if (this.failed) return;
    this.checkpointer ??= new WalCheckpointer(this.databasePath, () => this.fallBack());
    db.pragma('wal_autocheckpoint = 0');
    this.adopted.add(db);
  }

  /** The connections the worker checkpoints for (and falls back for). */
  get connections(): number {
    return this.adopted.size;
  }

  private fallBack(): void {
    this.failed = true;
    for (const db of this.adopted) if (db.open) db.pragma('wal_autocheckpoint = 1000');
  }

  /** Stops the worker (call once the adopted connections are closed or no longer write). */
  async close(): Promise<void> {
    const c = this.checkpointer;
    this.checkpointer = undefined;
    this.adopted.clear();
    await c?.close();
  }
}
