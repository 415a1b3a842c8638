import { WalSync } from './wal-sync.js';
import type Database from 'better-sqlite3';
import type { SqliteStore } from './sqlite.js';
import type { PaymentMessageStore, StoredPaymentMessage } from '../engine/iso20022/store-port.js';
import { connection, type Durability } from './sqlite-open.js';
import { fromPaymentRow as fromRow, type PaymentRow as Row } from './payment-rows.js';

/**
 * The ISO 20022 message table in the engine's SQLite file. Idempotent DDL (IF NOT EXISTS): the
 * engine's schema version is left alone. MsgId is the key; EndToEndId is indexed for chaining.
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS iso20022_messages (
  seq INTEGER PRIMARY KEY,
  msg_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  end_to_end_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  received_at TEXT NOT NULL,
  status TEXT,
  transfer TEXT,              -- JSON: debtor, creditor, accounts, amount, currency
  facts TEXT NOT NULL         -- JSON: purpose, debtor age, agents, cross-border, ...
);
CREATE INDEX IF NOT EXISTS iso20022_messages_e2e ON iso20022_messages (end_to_end_id, seq);
CREATE TABLE IF NOT EXISTS iso20022_sync (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT OR IGNORE INTO iso20022_sync (id, n) VALUES (1, 0);
`;

/**
 * Rows are written with synchronous=NORMAL (into the WAL, no fsync); durability comes from the
 * next fsync of the WAL — after the transaction store's next commit in the same file, or `sync`, a
 * commit of its own and the WAL's fsync off the main thread (WalSync) — so a message and its
 * transfer cost one fsync, not two.
 *
 * Opened on the transaction store itself (a SqliteStore), it shares its connection and, as on
 * PostgreSQL, written rows wait (visible to every read at once) and are inserted inside the
 * transaction store's next commit: one SQLite transaction, one set of WAL frames, for the transfers
 * and the messages that describe them.
 */
export class SqlitePaymentMessageStore implements PaymentMessageStore {
  private readonly db: Database.Database;
  private readonly owned: boolean;
  private readonly insert: Database.Statement;
  private readonly findStmt: Database.Statement;
  private readonly byE2E: Database.Statement;
  private readonly page: Database.Statement;
  private readonly appendRows: (rows: readonly StoredPaymentMessage[]) => void;
  private readonly tick: Database.Statement;
  private readonly durable: boolean;
  private readonly wal: WalSync;
  /** Rows written and not yet inserted (only when sharing the transaction store's commits). */
  private waiting: StoredPaymentMessage[] = [];
  private readonly deferred: boolean;

  constructor(database: Database.Database | string | SqliteStore, durability: Durability = 'full') {
    const shared = typeof database === 'object' && 'beforeCommit' in database ? database : undefined;
    ({ db: this.db, owned: this.owned } = connection(shared ? shared.connection : (database as Database.Database | string), durability));
    this.deferred = shared !== undefined;
    this.durable = durability === 'full' && !this.db.memory;
    this.wal = new WalSync(this.db.name);
    this.db.exec(SCHEMA_SQL);
    this.db.pragma('synchronous = NORMAL');
    this.tick = this.db.prepare('UPDATE iso20022_sync SET n = n + 1 WHERE id = 1');
    this.insert = this.db.prepare(
      `INSERT INTO iso20022_messages (msg_id, type, end_to_end_id, hash, received_at, status, transfer, facts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const cols = 'msg_id, type, end_to_end_id, hash, received_at, status, transfer, facts';
    this.findStmt = this.db.prepare(`SELECT ${cols} FROM iso20022_messages WHERE msg_id = ?`);
    this.byE2E = this.db.prepare(`SELECT ${cols} FROM iso20022_messages WHERE end_to_end_id = ? ORDER BY seq`);
    this.page = this.db.prepare(`SELECT seq, ${cols} FROM iso20022_messages WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.appendRows = this.db.transaction((rows: readonly StoredPaymentMessage[]) => {
      for (const m of rows) {
        this.insert.run(
          m.msgId, m.type, m.endToEndId, m.hash, m.receivedAt, m.status ?? null, m.transfer ? JSON.stringify(m.transfer) : null,
          JSON.stringify(m.facts),
        );
      }
    });
    const undo: Array<() => void> = [];
    const syncRows = this.db.transaction(() => {
      const putBack = this.drain();
      if (putBack) undo.push(putBack);
      if (this.durable) this.tick.run();
    });
    this.syncRows = () => {
      try {
        syncRows();
      } catch (err) {
        for (const f of undo) f();
        throw err;
      } finally {
        undo.length = 0;
      }
    };
    shared?.beforeCommit(() => this.drain());
  }

  private readonly syncRows: () => void;

  write(rows: readonly StoredPaymentMessage[]): void {
    if (rows.length === 0) return;
    if (!this.deferred) {
      this.appendRows(rows);
      return;
    }
    // All or nothing, and a used MsgId is refused now, as an insert would.
    const ids = new Set(this.waiting.map((r) => r.msgId));
    for (const r of rows) {
      if (ids.has(r.msgId) || this.findStmt.get(r.msgId)) throw new Error(`duplicate MsgId ${r.msgId}`);
      ids.add(r.msgId);
    }
    for (const r of rows) this.waiting.push(r);
  }

  /**
   * Inserts the waiting rows (inside the transaction store's commit, or `sync`'s); returns what
   * puts them back to wait if that transaction rolls back.
   */
  private drain(): (() => void) | undefined {
    if (this.waiting.length === 0) return undefined;
    const rows = this.waiting;
    this.waiting = [];
    // The commit failed with them: they wait for the next one (or are dropped by their owner).
    const putBack = (): void => {
      this.waiting = [...rows, ...this.waiting];
    };
    try {
      this.appendRows(rows);
    } catch (err) {
      putBack();
      throw err;
    }
    return putBack;
  }

  async sync(): Promise<void> {
    // A commit of the waiting rows and a one-row tick (so the WAL exists and holds every row
    // written so far), then the WAL's fsync off the main thread.
    this.syncRows();
    if (this.durable) await this.wal.sync();
  }

  async append(rows: readonly StoredPaymentMessage[]): Promise<void> {
    this.write(rows);
    await this.sync();
  }

  async *all(pageSize = 10_000): AsyncIterable<StoredPaymentMessage[]> {
    let after = 0;
    for (;;) {
      const rows = this.page.all(after, pageSize) as Array<Row & { seq: number }>;
      if (rows.length === 0) break;
      after = rows[rows.length - 1].seq;
      yield rows.map(fromRow);
    }
    if (this.waiting.length > 0) yield this.waiting.map((r) => structuredClone(r));
  }

  async find(msgId: string): Promise<StoredPaymentMessage | undefined> {
    const w = this.waiting.find((x) => x.msgId === msgId);
    if (w) return structuredClone(w);
    const r = this.findStmt.get(msgId) as Row | undefined;
    return r && fromRow(r);
  }

  async byEndToEndId(endToEndId: string): Promise<StoredPaymentMessage[]> {
    const stored = (this.byE2E.all(endToEndId) as Row[]).map(fromRow);
    return [...stored, ...this.waiting.filter((w) => w.endToEndId === endToEndId).map((w) => structuredClone(w))];
  }

  async remove(msgIds: readonly string[]): Promise<void> {
    const gone = new Set(msgIds);
    this.waiting = this.waiting.filter((r) => !gone.has(r.msgId));
    const del = this.db.prepare('DELETE FROM iso20022_messages WHERE msg_id = ?');
    this.db.transaction(() => {
      for (const id of msgIds) del.run(id);
    })();
  }

  async close(): Promise<void> {
    this.wal.close();
    if (this.owned) this.db.close();
  }
}
