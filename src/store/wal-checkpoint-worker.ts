/**
 * The worker thread of WalCheckpointer: its own connection to the file, a PASSIVE checkpoint every
 * `everyMs` (a busy or locked file is left for the next round), closed when told.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

function run(path: string, everyMs: number): void {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // SQLITE_BUSY or LOCKED: another checkpoint or a schema change holds the file; next round.
    }
  }, everyMs);
  parentPort?.once('message', () => {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  });
}

// An entry point for WalCheckpointer's worker only: imported anywhere else it does nothing.
if (parentPort) {
  const data = workerData as { path: string; everyMs: number };
  run(data.path, data.everyMs);
}
