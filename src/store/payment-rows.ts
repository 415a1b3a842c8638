import type { StoredPaymentMessage } from '../engine/iso20022/store-port.js';

/** An ISO 20022 message row as both SQL stores keep it, and its mapping back. */
export interface PaymentRow {
  msg_id: string; type: string; end_to_end_id: string; hash: string; received_at: string; status: string | null;
  transfer: string | null; facts: string;
}

export function fromPaymentRow(r: PaymentRow): StoredPaymentMessage {
  const m: StoredPaymentMessage = {
    msgId: r.msg_id, type: r.type as StoredPaymentMessage['type'], endToEndId: r.end_to_end_id, hash: r.hash, receivedAt: r.received_at,
    facts: JSON.parse(r.facts) as StoredPaymentMessage['facts'],
  };
  if (r.status !== null) m.status = r.status;
  if (r.transfer !== null) m.transfer = JSON.parse(r.transfer) as StoredPaymentMessage['transfer'];
  return m;
}
