import { NO_REASONS, type Alert, type DecidedTransfer } from '../domain/alert.js';
import type { Reason, Verdict } from '../domain/decision.js';
import type { ListEvent, ListKind } from '../domain/list.js';
import type { PartyType, Transaction } from '../domain/transaction.js';

/**
 * The transaction and alert rows as both SQL stores keep them (same columns on SQLite and
 * PostgreSQL), and their mapping to the vocabulary.
 */
export interface TxRow {
  id: string; time: number; from_account: string; to_account: string; amount: number; currency: string;
  channel: string; from_type: string; to_type: string; device: string | null; ip: string | null;
  phone: string | null; country: string | null; counterparty_bank: string | null;
  purpose: string | null; payer_age: number | null; geo: string | null;
}

export interface AlertRow {
  seq: number; transaction_id: string; time: number; from_account: string; to_account: string; amount: number;
  currency: string; score: number; decision: Verdict; reasons: string;
}

export function rowToTransaction(r: TxRow): Transaction {
  const tx: Transaction = {
    id: r.id, time: r.time, from: r.from_account, to: r.to_account, amount: r.amount, currency: r.currency,
    channel: r.channel, from_type: r.from_type as PartyType, to_type: r.to_type as PartyType,
  };
  if (r.device !== null) tx.device = r.device;
  if (r.ip !== null) tx.ip = r.ip;
  if (r.phone !== null) tx.phone = r.phone;
  if (r.country !== null) tx.country = r.country;
  if (r.counterparty_bank !== null) tx.counterparty_bank = r.counterparty_bank;
  if (r.purpose !== null) tx.purpose = r.purpose;
  if (r.payer_age !== null) tx.payer_age = Number(r.payer_age);
  if (r.geo !== null) tx.geo = r.geo;
  return tx;
}

/** A row of `replayAfter` as an array (both SQL stores read it so): seq first, then the DecidedTransfer columns. */
export type DecidedRow = [
  seq: number, id: string, time: number, from_account: string, to_account: string, amount: number, currency: string,
  channel: string, country: string | null, score: number, decision: Verdict, reasons: string,
];

/** The columns of DecidedRow after seq, for the SELECT. */
export const DECIDED_COLUMNS = 'id, time, from_account, to_account, amount, currency, channel, country, score, decision, reasons';

export function decidedTransfer(r: DecidedRow): DecidedTransfer {
  const tx: DecidedTransfer['tx'] = { id: r[1], time: r[2], from: r[3], to: r[4], amount: r[5], currency: r[6], channel: r[7] };
  if (r[8] !== null) tx.country = r[8];
  return { tx, decision: { score: r[9], decision: r[10], reasons: r[11] === '[]' ? NO_REASONS : (JSON.parse(r[11]) as Reason[]) } };
}

export function toAlert(r: AlertRow): Alert {
  return {
    seq: r.seq, transaction_id: r.transaction_id, time: new Date(r.time).toISOString(), from: r.from_account,
    to: r.to_account, amount: r.amount, currency: r.currency, score: r.score, decision: r.decision,
    reasons: JSON.parse(r.reasons) as Reason[],
  };
}

export interface ListEventRow {
  op: 'add' | 'remove'; list: string; kind: ListKind; value: string; reason: string; source: string; added_at: string;
  after_transactions: number; position: number | null;
}

export function toListEvent(r: ListEventRow): ListEvent {
  const e: ListEvent = {
    op: r.op,
    entry: { list: r.list, kind: r.kind, value: r.value, reason: r.reason, source: r.source, added_at: r.added_at },
    after_transactions: r.after_transactions,
  };
  if (r.position !== null) e.position = r.position;
  return e;
}
