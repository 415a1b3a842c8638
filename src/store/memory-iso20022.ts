import type { PaymentMessageStore, StoredPaymentMessage } from '../engine/iso20022/store-port.js';

/** ISO 20022 message facts held in memory (tests, one-off scoring runs). */
export class MemoryPaymentMessageStore implements PaymentMessageStore {
  private readonly rows: StoredPaymentMessage[] = [];
  private readonly byId = new Map<string, StoredPaymentMessage>();

  async append(rows: readonly StoredPaymentMessage[]): Promise<void> {
    this.write(rows);
  }

  async sync(): Promise<void> {}

  write(rows: readonly StoredPaymentMessage[]): void {
    for (const r of rows) if (this.byId.has(r.msgId)) throw new Error(`duplicate MsgId ${r.msgId}`);
    for (const r of rows) {
      const copy = structuredClone(r);
      this.rows.push(copy);
      this.byId.set(r.msgId, copy);
    }
  }

  async *all(pageSize = 10_000): AsyncIterable<StoredPaymentMessage[]> {
    for (let i = 0; i < this.rows.length; i += pageSize) yield this.rows.slice(i, i + pageSize).map((r) => structuredClone(r));
  }

  async find(msgId: string): Promise<StoredPaymentMessage | undefined> {
    const r = this.byId.get(msgId);
    return r && structuredClone(r);
  }

  async byEndToEndId(endToEndId: string): Promise<StoredPaymentMessage[]> {
    return this.rows.filter((r) => r.endToEndId === endToEndId).map((r) => structuredClone(r));
  }

  async remove(msgIds: readonly string[]): Promise<void> {
    const gone = new Set(msgIds);
    for (const id of msgIds) this.byId.delete(id);
    for (let i = this.rows.length - 1; i >= 0; i--) if (gone.has(this.rows[i].msgId)) this.rows.splice(i, 1);
  }

  async close(): Promise<void> {}
}
