/**
 * Message rows wait here until the next transfer commit: the transaction store is wrapped so that
 * every `append` first writes the waiting rows (without fsync) to the message store, which shares
 * the write-ahead log — the transfer commit's fsync then makes rows and transfers durable together,
 * and rows are written once per round instead of once per message.
 */
import type { TransactionStore } from '../../store/port.js';
import type { PaymentMessageStore, StoredPaymentMessage } from './store-port.js';

export class RowGate {
  private pending: StoredPaymentMessage[] = [];

  constructor(private readonly messages: PaymentMessageStore) {}

  add(row: StoredPaymentMessage): void {
    this.pending.push(row);
  }

  /** Writes every waiting row (not yet durable: a transfer commit or a sync makes it so). */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.messages.write(rows);
  }

  /** Takes a row back: from the waiting rows, or from the store once written. */
  async drop(msgId: string): Promise<void> {
    const before = this.pending.length;
    this.pending = this.pending.filter((r) => r.msgId !== msgId);
    if (this.pending.length === before) await this.messages.remove([msgId]);
  }

  /** The transaction store, with the waiting rows written before each of its commits. */
  guard(store: TransactionStore): TransactionStore {
    const append = (batch: Parameters<TransactionStore['append']>[0]): ReturnType<TransactionStore['append']> => {
      this.flush();
      return store.append(batch);
    };
    // Methods bound once each (not on every read: the pipeline reads findScored and append per request).
    const bound = new Map<PropertyKey, { fn: unknown; bound: unknown }>();
    return new Proxy(store, {
      get: (target, key, receiver) => {
        if (key === 'append') return append;
        const v = Reflect.get(target, key, receiver) as unknown;
        if (typeof v !== 'function') return v;
        let b = bound.get(key);
        if (b?.fn !== v) {
          b = { fn: v, bound: (v as (...a: unknown[]) => unknown).bind(target) };
          bound.set(key, b);
        }
        return b.bound;
      },
    });
  }
}
