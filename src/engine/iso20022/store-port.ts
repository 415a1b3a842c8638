import type { MessageType, PaymentFacts, TransferFacts } from '../../ingest/iso20022/index.js';

/** One accepted ISO 20022 message as kept durably: enough to chain, answer replays and show it. */
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
  /** The message as understood (what the 200 answer's `data` carried). */
  data: Record<string, unknown>;
}

/**
 * Where the message facts live, so chaining by EndToEndId survives a restart. `append` resolves
 * once the rows are durable and is all-or-nothing.
 */
export interface PaymentMessageStore {
  append(rows: readonly StoredPaymentMessage[]): Promise<void>;
  /** Every stored message in the order accepted, in pages. */
  all(pageSize?: number): AsyncIterable<StoredPaymentMessage[]>;
  find(msgId: string): Promise<StoredPaymentMessage | undefined>;
  byEndToEndId(endToEndId: string): Promise<StoredPaymentMessage[]>;
  close(): Promise<void>;
}
