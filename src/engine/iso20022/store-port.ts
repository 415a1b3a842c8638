import type { MessageType, PaymentFacts, TransferFacts } from '../../ingest/iso20022/index.js';

/**
 * One accepted ISO 20022 message as kept durably: enough to chain, answer replays and show it.
 * The message itself is not kept: a replay has the same hash, so its own understood form is the
 * stored answer's `data`.
 */
export interface StoredPaymentMessage {
  msgId: string;
  type: MessageType;
  endToEndId: string;
  /** SHA-256 (hex) of the canonical JSON of the message as understood: a replay has the same. */
  hash: string;
  /** When Ringwatch accepted it (ISO 8601 UTC). */
  receivedAt: string;
  /** pacs.002: the status it reported. */
  status?: string;
  /** The transfer it describes (pain.001, pain.013, pacs.008). */
  transfer?: TransferFacts;
  facts: PaymentFacts;
}

/**
 * Where the message facts live, so chaining by EndToEndId survives a restart. `append` resolves
 * once the rows are durable and is all-or-nothing. `write` stores rows at once (all-or-nothing)
 * without waiting for the disk: they are durable after the next `sync`, or after the next
 * durable commit of the transaction store when both share a write-ahead log (the SQLite file).
 */
export interface PaymentMessageStore {
  append(rows: readonly StoredPaymentMessage[]): Promise<void>;
  write(rows: readonly StoredPaymentMessage[]): void;
  /** Makes every written row durable. */
  sync(): Promise<void>;
  /** Every stored message in the order accepted, in pages. */
  all(pageSize?: number): AsyncIterable<StoredPaymentMessage[]>;
  find(msgId: string): Promise<StoredPaymentMessage | undefined>;
  byEndToEndId(endToEndId: string): Promise<StoredPaymentMessage[]>;
  /** Deletes rows whose transfer never became durable (or was refused after the row was written). */
  remove(msgIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
