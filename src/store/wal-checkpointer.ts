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
