/**
 * ISO 20022 payments through the live pipeline, with chaining by EndToEndId:
 *  - the first message that describes a transfer (pain.001 before execution, else pain.013 or
 *    pacs.008) is scored as the transaction whose id is the EndToEndId;
 *  - later messages of the chain are linked to it — checked to describe the same transfer — and
 *    answered with its decision, never scored or counted again;
 *  - pacs.002 records the status (ACCC settled, RJCT rejected, others pending) and answers with
 *    the transfer's decision.
 * The same message again (same MsgId, EndToEndId and content) gets the stored answer, marked as a
 * duplicate; a used MsgId with other content, or a second message of one type for an EndToEndId,
 * is a conflict. An answer is given once the transfer and the message row are durable.
 */
import { IdempotencyConflictError } from '../../domain/transaction-check.js';
import { createHash } from 'node:crypto';
import type { Decision } from '../../domain/decision.js';
import type { Transaction } from '../../domain/transaction.js';
import {
  ROOT, amountField, toTransaction, type FieldError, type MessageType, type PaymentMessage, type TransferFacts,
} from '../../ingest/iso20022/index.js';
import type { Pipeline } from '../pipeline.js';
import { Batcher } from './batcher.js';
import { ChainIndex, FINAL_STATUSES, statusLabel, type Chain, type MessageEntry } from './chains.js';
import { RowGate } from './row-gate.js';
import type { PaymentMessageStore, StoredPaymentMessage } from './store-port.js';

export interface TransferSummary {
  id: string;
  status: 'settled' | 'rejected' | 'pending';
  /** The latest pacs.002 status code, when any. */
  code?: string;
  messages: Array<{ type: MessageType; msgId: string }>;
}

export interface PaymentAnswer {
  data: Record<string, unknown>;
  /** `data` as JSON text (already made for the content hash). */
  dataJson: string;
  decision: Decision;
  transfer: TransferSummary;
  duplicate: boolean;
}

export type PaymentResult = { ok: true; answer: PaymentAnswer } | { ok: false; status: 400 | 404 | 409; errors: FieldError[] };

const PACS002: MessageType = 'pacs.002.001.12';
const PACS008: MessageType = 'pacs.008.001.10';

function endToEndField(type: MessageType): string {
  const r = ROOT[type];
  if (type === PACS002) return `${r}.TxInfAndSts.OrgnlEndToEndId`;
  return type === PACS008 ? `${r}.CdtTrfTxInf.PmtId.EndToEndId` : `${r}.PmtInf.CdtTrfTxInf.PmtId.EndToEndId`;
}

/** Where each transfer fact sits in a message of `type`. */
function factField(type: MessageType, fact: keyof TransferFacts): string {
  const r = ROOT[type];
  const pmt = type === PACS008 ? `${r}.CdtTrfTxInf` : `${r}.PmtInf`;
  const tx = type === PACS008 ? `${r}.CdtTrfTxInf` : `${r}.PmtInf.CdtTrfTxInf`;
  switch (fact) {
    case 'debtor': return `${pmt}.Dbtr.Id.PrvtId.Othr`;
    case 'debtorAccount': return `${pmt}.DbtrAcct.Id.Othr`;
    case 'creditor': return `${tx}.Cdtr.Id.PrvtId.Othr`;
    case 'creditorAccount': return `${tx}.CdtrAcct.Id.Othr`;
    case 'amount': return amountField(type);
    case 'currency': return amountField(type).replace(/\.Amt$/, '.Ccy');
  }
}

const FACTS: ReadonlyArray<keyof TransferFacts> = ['debtorAccount', 'creditorAccount', 'amount', 'currency', 'debtor', 'creditor'];

function conflict(field: string, reason: string): PaymentResult {
  return { ok: false, status: 409, errors: [{ field, reason }] };
}

function sameTransaction(a: Transaction, b: Transaction): boolean {
  return a.from === b.from && a.to === b.to && a.amount === b.amount && a.currency === b.currency;
}

export class PaymentService {
  private readonly index = new ChainIndex();
  /** One `sync` of the message store per round, for rows that no transfer commit follows. */
  private readonly syncs: Batcher<null>;
  private readonly gate: RowGate;
  /** True when the pipeline's store is guarded by `gate` (rows wait for the next transfer commit). */
  private readonly gated: boolean;

  /**
   * `gate`: the RowGate whose `guard` wraps the pipeline's store; without one, each row is written
   * at once (still before its transfer is submitted).
   */
  constructor(
    private readonly pipeline: Pipeline,
    private readonly store: PaymentMessageStore,
    options: { gate?: RowGate; clock?: () => number } = {},
  ) {
    this.gated = options.gate !== undefined;
    this.gate = options.gate ?? new RowGate(store);
    this.clock = options.clock ?? Date.now;
    this.syncs = new Batcher(async () => {
      this.gate.flush();
      await store.sync();
    });
  }

  private readonly clock: () => number;

  /**
   * Rebuilds the index from the store (after a restart); returns the number of messages. A message
   * row is written in the same round as its transfer's commit; a chain whose transfer did not become
   * durable (the process stopped in between) is dropped, so its messages can be sent again.
   */
  async load(): Promise<number> {
    let n = 0;
    for await (const page of this.store.all()) {
      for (const row of page) this.index.add(row);
      n += page.length;
    }
    const orphans: string[] = [];
    for (const [e2e, c] of this.index.chains) {
      if (!c.transfer || (await this.pipeline.store.findDecision(e2e))) continue;
      for (const m of c.messages) {
        orphans.push(m.msgId);
        this.index.byMsgId.delete(m.msgId);
      }
      this.index.chains.delete(e2e);
    }
    if (orphans.length > 0) await this.store.remove(orphans);
    return n - orphans.length;
  }

  async submit(p: PaymentMessage): Promise<PaymentResult> {
    // The data is built by the validator in schema order, so its JSON text is canonical.
    const json = JSON.stringify(p.data);
    const hash = createHash('sha256').update(json).digest('hex');
    const seen = this.index.byMsgId.get(p.msgId);
    if (seen) {
      if (seen.type === p.type && seen.endToEndId === p.endToEndId && seen.hash === hash) return this.replay(p, seen, json);
      return conflict(`${ROOT[p.type]}.GrpHdr.MsgId`, `MsgId ${p.msgId} was already used by a ${seen.type} message for EndToEndId ${seen.endToEndId} with different content`);
    }
    const chain = this.index.chains.get(p.endToEndId);
    const e2eField = endToEndField(p.type);
    if (p.type === PACS002) {
      if (!chain?.transfer) {
        return { ok: false, status: 404, errors: [{ field: e2eField, reason: `no transfer with EndToEndId ${p.endToEndId}: send its pain.001, pain.013 or pacs.008 first` }] };
      }
      if (chain.status && FINAL_STATUSES.has(chain.status)) {
        return conflict(`${ROOT[p.type]}.TxInfAndSts.TxSts`, `the transfer is already ${statusLabel(chain.status)} (${chain.status} by pacs.002 ${chain.statusMsgId}); a final status does not change`);
      }
    } else {
      const same = chain?.messages.find((m) => m.type === p.type);
      if (same) return conflict(e2eField, `EndToEndId ${p.endToEndId} was already carried by ${p.type} message ${same.msgId} with different content`);
      if (chain?.transfer) {
        const t = p.transfer!;
        const diff = FACTS.find((k) => chain.transfer![k] !== t[k]);
        if (diff) {
          return conflict(factField(p.type, diff), `${JSON.stringify(t[diff])} differs from ${JSON.stringify(chain.transfer[diff])} in ${chain.transferMsg!.type} message ${chain.transferMsg!.msgId} of the same EndToEndId`);
        }
      }
    }
    let tx: Transaction | undefined;
    if (p.transfer && !chain?.transfer) {
      const t = toTransaction(p);
      if (!('id' in t)) return { ok: false, status: 400, errors: [t] };
      tx = t;
    }
    return this.apply(p, hash, json, chain, tx);
  }

  /** Records the message (reserving its MsgId at once, so a concurrent copy waits for it). */
  private async apply(p: PaymentMessage, hash: string, json: string, chain: Chain | undefined, tx: Transaction | undefined): Promise<PaymentResult> {
    const row: StoredPaymentMessage = {
      msgId: p.msgId, type: p.type, endToEndId: p.endToEndId, hash, receivedAt: new Date(this.clock()).toISOString(), facts: p.facts,
    };
    if (p.transfer) row.transfer = p.transfer;
    if (p.facts.status) row.status = p.facts.status;
    const previous = { code: chain?.status, msgId: chain?.statusMsgId };
    let settle!: () => void;
    const pending = new Promise<void>((resolve) => (settle = resolve));
    const c = this.index.add(row, pending);
    // The row is written before the transfer's commit (by the gate, just before it, or at once): that
    // commit's fsync, in the same write-ahead log, makes both durable. Otherwise a sync does.
    // `load` drops rows whose transfer did not become durable.
    let written = false;
    try {
      this.gate.add(row);
      if (!this.gated) this.gate.flush();
      written = true;
      let decision: Decision;
      if (tx) {
        const scoring = this.pipeline.submit(tx);
        c.decision = scoring.then((o) => o.decision, () => undefined);
        let outcome: Awaited<typeof scoring>;
        try {
          outcome = await scoring;
        } catch (err) {
          // The id is already a stored transaction with other content (the pipeline's idempotency check).
          if (!(err instanceof IdempotencyConflictError)) throw err;
          const [stored] = await this.pipeline.store.findScored([tx.id]);
          await this.gate.drop(p.msgId);
          this.index.remove(p.msgId, p.endToEndId, previous);
          return conflict(endToEndField(p.type), `EndToEndId ${p.endToEndId} is the id of another transaction${stored ? ` (${stored.tx.from} → ${stored.tx.to})` : ''}`);
        }
        if (outcome.duplicate) {
          // The id is already a stored transaction: from another source, or a message whose row was lost.
          const [stored] = await this.pipeline.store.findScored([tx.id]);
          if (stored && !sameTransaction(stored.tx, tx)) {
            await this.gate.drop(p.msgId);
            this.index.remove(p.msgId, p.endToEndId, previous);
            return conflict(endToEndField(p.type), `EndToEndId ${p.endToEndId} is the id of another transaction (${stored.tx.from} → ${stored.tx.to})`);
          }
          await this.syncs.append(null);
        }
        decision = outcome.decision;
      } else {
        decision = await this.decisionOf(p.endToEndId, c);
        await this.syncs.append(null);
      }
      const entry = this.index.byMsgId.get(p.msgId);
      if (entry) entry.pending = undefined;
      return { ok: true, answer: { data: p.data, dataJson: json, decision, transfer: this.summary(p.endToEndId, c), duplicate: false } };
    } catch (err) {
      if (written) await this.gate.drop(p.msgId).catch(() => undefined);
      this.index.remove(p.msgId, p.endToEndId, previous);
      throw err;
    } finally {
      settle();
    }
  }

  private async replay(p: PaymentMessage, seen: MessageEntry, json: string): Promise<PaymentResult> {
    if (seen.pending) {
      await seen.pending;
      // The first copy failed and was undone: this one is the first now.
      if (!this.index.byMsgId.has(p.msgId)) return this.submit(p);
    }
    // Same hash: this copy's understood form is the stored answer's data.
    const c = this.index.chain(p.endToEndId);
    const decision = await this.decisionOf(p.endToEndId, c);
    return { ok: true, answer: { data: p.data, dataJson: json, decision, transfer: this.summary(p.endToEndId, c), duplicate: true } };
  }

  private async decisionOf(endToEndId: string, c: Chain): Promise<Decision> {
    c.decision ??= this.pipeline.store.findDecision(endToEndId);
    let d = await c.decision;
    if (!d) {
      c.decision = this.pipeline.store.findDecision(endToEndId);
      d = await c.decision;
    }
    if (!d) throw new Error(`transfer ${endToEndId} has no stored decision`);
    return d;
  }

  private summary(endToEndId: string, c: Chain): TransferSummary {
    const s: TransferSummary = { id: endToEndId, status: statusLabel(c.status), messages: c.messages.map((m) => ({ ...m })) };
    if (c.status) s.code = c.status;
    return s;
  }

  /** A transfer's chain: its status, decision and every message with its facts; undefined when unknown. */
  async transfer(endToEndId: string): Promise<(TransferSummary & { decision?: Decision; details: StoredPaymentMessage[] }) | undefined> {
    const c = this.index.chains.get(endToEndId);
    if (!c) return undefined;
    const details = await this.store.byEndToEndId(endToEndId);
    const decision = c.transfer ? await this.decisionOf(endToEndId, c).catch(() => undefined) : undefined;
    return { ...this.summary(endToEndId, c), decision, details };
  }

  /** Waits until every accepted message row is durable. */
  async flush(): Promise<void> {
    await this.syncs.flush();
    this.gate.flush();
    await this.store.sync();
  }
}
