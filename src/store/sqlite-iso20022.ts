import { WalSync } from './wal-sync.js';
import type Database from 'better-sqlite3';
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
 * one-row commit and the WAL's fsync off the main thread (WalSync) — so a message and its transfer
 * cost one fsync, not two.
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

  constructor(database: Database.Database | string, durability: Durability = 'full') {
    ({ db: this.db, owned: this.owned } = connection(database, durability));
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
  }

  write(rows: readonly StoredPaymentMessage[]): void {
    if (rows.length > 0) this.appendRows(rows);
  }

  async sync(): Promise<void> {
    if (!this.durable) return;
    // A one-row commit (so the WAL exists and holds every row written so far), then its fsync off the main thread.
    this.tick.run();
    await this.wal.sync();
  }

  async append(rows: readonly StoredPaymentMessage[]): Promise<void> {
    this.write(rows);
    await this.sync();
  }

  async *all(pageSize = 10_000): AsyncIterable<StoredPaymentMessage[]> {
    let after = 0;
    for (;;) {
      const rows = this.page.all(after, pageSize) as Array<Row & { seq: number }>;
      if (rows.length === 0) return;
      after = rows[rows.length - 1].seq;
      yield rows.map(fromRow);
    }
  }

  async find(msgId: string): Promise<StoredPaymentMessage | undefined> {
    const r = this.findStmt.get(msgId) as Row | undefined;
    return r && fromRow(r);
  }

  async byEndToEndId(endToEndId: string): Promise<StoredPaymentMessage[]> {
    return (this.byE2E.all(endToEndId) as Row[]).map(fromRow);
  }

  async remove(msgIds: readonly string[]): Promise<void> {
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
