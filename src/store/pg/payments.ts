import type pg from 'pg';
import type { PaymentMessageStore, StoredPaymentMessage } from '../../engine/iso20022/store-port.js';
import { inTransaction } from './client.js';
import type { PgTransactionStore } from './transactions.js';
import { fromPaymentRow as fromRow, type PaymentRow as Row } from '../payment-rows.js';

const COLUMNS = 'msg_id, type, end_to_end_id, hash, received_at, status, transfer, facts';

/**
 * ISO 20022 message facts on PostgreSQL. `write` cannot reach the server synchronously, so written
 * rows wait here (visible to `find` and `byEndToEndId` at once) and are inserted inside the next
 * transaction-store commit — the same database transaction as the transfers they describe, which
 * is what sharing SQLite's write-ahead log gives — or by `sync`, in a transaction of their own.
 */
export class PgPaymentMessageStore implements PaymentMessageStore {
  private waiting: StoredPaymentMessage[] = [];

  constructor(private readonly pool: pg.Pool, transactions: PgTransactionStore) {
    transactions.beforeCommit((c) => this.drain(c));
  }

  private async drain(c: pg.PoolClient): Promise<void> {
    if (this.waiting.length === 0) return;
    const rows = this.waiting;
    this.waiting = [];
    try {
      await insert(c, rows);
    } catch (err) {
      // The commit fails with them; they wait for the next one (or are dropped by their owner).
      this.waiting = [...rows, ...this.waiting];
      throw err;
    }
  }

  write(rows: readonly StoredPaymentMessage[]): void {
    const ids = new Set(this.waiting.map((r) => r.msgId));
    for (const r of rows) {
      if (ids.has(r.msgId)) throw new Error(`duplicate MsgId ${r.msgId}`);
      ids.add(r.msgId);
    }
    this.waiting.push(...rows.map((r) => structuredClone(r)));
  }

  async sync(): Promise<void> {
    if (this.waiting.length === 0) return;
    await inTransaction(this.pool, (c) => this.drain(c));
  }

  async append(rows: readonly StoredPaymentMessage[]): Promise<void> {
    this.write(rows);
    await this.sync();
  }

  async *all(pageSize = 10_000): AsyncIterable<StoredPaymentMessage[]> {
    let after = 0;
    for (;;) {
      const r = await this.pool.query<Row & { seq: number }>(`SELECT seq, ${COLUMNS} FROM iso20022_messages WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, pageSize]);
      if (r.rows.length === 0) break;
      after = r.rows[r.rows.length - 1].seq;
      yield r.rows.map(fromRow);
    }
    if (this.waiting.length > 0) yield this.waiting.map((r) => structuredClone(r));
  }

  async find(msgId: string): Promise<StoredPaymentMessage | undefined> {
    const w = this.waiting.find((r) => r.msgId === msgId);
    if (w) return structuredClone(w);
    const r = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM iso20022_messages WHERE msg_id = $1`, [msgId]);
    return r.rows[0] && fromRow(r.rows[0]);
  }

  async byEndToEndId(endToEndId: string): Promise<StoredPaymentMessage[]> {
    const r = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM iso20022_messages WHERE end_to_end_id = $1 ORDER BY seq`, [endToEndId]);
    return [...r.rows.map(fromRow), ...this.waiting.filter((w) => w.endToEndId === endToEndId).map((w) => structuredClone(w))];
  }

  async remove(msgIds: readonly string[]): Promise<void> {
    const gone = new Set(msgIds);
    this.waiting = this.waiting.filter((r) => !gone.has(r.msgId));
    if (msgIds.length > 0) await this.pool.query('DELETE FROM iso20022_messages WHERE msg_id = ANY($1::text[])', [[...msgIds]]);
  }

  async close(): Promise<void> {}
}

async function insert(c: pg.PoolClient, rows: readonly StoredPaymentMessage[]): Promise<void> {
  const col = <T>(f: (m: StoredPaymentMessage) => T): T[] => rows.map(f);
  await c.query(
    `INSERT INTO iso20022_messages (${COLUMNS})
     SELECT u.msg_id, u.type, u.end_to_end_id, u.hash, u.received_at, u.status, u.transfer, u.facts
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       WITH ORDINALITY AS u(msg_id, type, end_to_end_id, hash, received_at, status, transfer, facts, ord)
     ORDER BY u.ord`,
    [
      col((m) => m.msgId), col((m) => m.type), col((m) => m.endToEndId), col((m) => m.hash), col((m) => m.receivedAt),
      col((m) => m.status ?? null), col((m) => (m.transfer ? JSON.stringify(m.transfer) : null)), col((m) => JSON.stringify(m.facts)),
    ],
  );
}
