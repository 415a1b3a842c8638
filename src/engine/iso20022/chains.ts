/**
 * The in-memory index of ISO 20022 messages: by MsgId (replays and conflicts) and by EndToEndId
 * (the chain pain.001 → pain.013 → pacs.008 → pacs.002 of one transfer). Rebuilt from the message
 * store at start, so chaining survives a restart.
 */
import type { Decision } from '../../domain/decision.js';
import type { MessageType, TransferFacts } from '../../ingest/iso20022/index.js';
import type { StoredPaymentMessage } from './store-port.js';

export interface MessageEntry {
  type: MessageType;
  endToEndId: string;
  hash: string;
  /** Set while the message is being applied: resolves to its answer's stored row. */
  pending?: Promise<unknown>;
}

export interface Chain {
  /** The transfer's facts and the message that first carried them. */
  transfer?: TransferFacts;
  transferMsg?: { type: MessageType; msgId: string };
  /** The transfer's decision once known (or its promise while scoring). */
  decision?: Promise<Decision | undefined>;
  messages: Array<{ type: MessageType; msgId: string }>;
  /** Latest pacs.002 status code. */
  status?: string;
  statusMsgId?: string;
}

/** ACCC and RJCT end a transfer; any other status code is pending. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['ACCC', 'RJCT']);

export function statusLabel(code: string | undefined): 'settled' | 'rejected' | 'pending' {
  return code === 'ACCC' ? 'settled' : code === 'RJCT' ? 'rejected' : 'pending';
}

export class ChainIndex {
  readonly byMsgId = new Map<string, MessageEntry>();
  readonly chains = new Map<string, Chain>();

  chain(endToEndId: string): Chain {
    let c = this.chains.get(endToEndId);
    if (!c) this.chains.set(endToEndId, (c = { messages: [] }));
    return c;
  }

  /** Adds a message (at rebuild, or when reserving one being applied). */
  add(m: Pick<StoredPaymentMessage, 'msgId' | 'type' | 'endToEndId' | 'hash' | 'status' | 'transfer'>, pending?: Promise<unknown>): Chain {
    this.byMsgId.set(m.msgId, { type: m.type, endToEndId: m.endToEndId, hash: m.hash, pending });
    const c = this.chain(m.endToEndId);
    c.messages.push({ type: m.type, msgId: m.msgId });
    if (m.transfer && !c.transfer) {
      c.transfer = m.transfer;
      c.transferMsg = { type: m.type, msgId: m.msgId };
    }
    if (m.status !== undefined) {
      c.status = m.status;
      c.statusMsgId = m.msgId;
    }
    return c;
  }

  /** Undoes `add` for a message that was not applied after all (`previousStatus`: the chain's status before it). */
  remove(msgId: string, endToEndId: string, previousStatus: { code?: string; msgId?: string }): void {
    this.byMsgId.delete(msgId);
    const c = this.chains.get(endToEndId);
    if (!c) return;
    c.messages = c.messages.filter((m) => m.msgId !== msgId);
    if (c.transferMsg?.msgId === msgId) {
      c.transfer = undefined;
      c.transferMsg = undefined;
      c.decision = undefined;
    }
    if (c.statusMsgId === msgId) {
      c.status = previousStatus.code;
      c.statusMsgId = previousStatus.msgId;
    }
    if (c.messages.length === 0) this.chains.delete(endToEndId);
  }
}
