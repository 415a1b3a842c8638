/**
 * Maps a validated message to Ringwatch's vocabulary: the payment facts it carries and, for the
 * messages that describe a transfer (pain.001, pain.013, pacs.008), the domain transaction.
 * Party ids are Othr[0].Id + SchmeNm.Prtry, account ids add the agent's ClrSysMmbId.MmbId, as
 * Tazama derives them; the amount is InstdAmt.Amt.{Amt,Ccy}; the transaction id is the EndToEndId.
 */
import { currencyExponent, parseDecimalMinor } from '../../domain/money.js';
import { MAX_AGE, geoReason, type Transaction } from '../../domain/transaction.js';
import { ROOT, type MessageType } from './messages.js';
import type { FieldError } from './schema.js';
import type { ValidMessage } from './validate.js';

type Obj = Record<string, unknown>;

/** What a message says about the payment, beyond the transfer itself. */
export interface PaymentFacts {
  purpose?: string;
  debtorBirthDate?: string;
  /** Whole years between the debtor's birth date and the message's creation. */
  debtorAge?: number;
  geolocation?: { lat: string; long: string };
  debtorAgent?: string;
  creditorAgent?: string;
  debtorAgentCountry?: string;
  creditorAgentCountry?: string;
  /** Several currencies in the message, or agents in different countries. */
  crossBorder: boolean;
  exchangeRate?: string;
  status?: string;
}

export interface TransferFacts {
  debtor: string;
  creditor: string;
  debtorAccount: string;
  creditorAccount: string;
  /** Exact decimal text and ISO currency of InstdAmt. */
  amount: string;
  currency: string;
}

export interface PaymentMessage {
  type: MessageType;
  msgId: string;
  endToEndId: string;
  /** GrpHdr.CreDtTm, epoch ms. */
  created: number;
  data: Obj;
  transfer?: TransferFacts;
  facts: PaymentFacts;
}

/** `v[k]` when v is an object (v itself when there is no k: the path ended). */
const step = (v: unknown, k: string | undefined): unknown => (k === undefined ? v : v && typeof v === 'object' ? (v as Obj)[k] : undefined);

/** The member at a path of up to five names, undefined where the path leaves the objects. */
function at(o: unknown, a: string, b?: string, c?: string, d?: string, e?: string): unknown {
  return step(step(step(step(step(o, a), b), c), d), e);
}

function text(o: unknown, a: string, b?: string, c?: string, d?: string, e?: string): string | undefined {
  const v = at(o, a, b, c, d, e);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Othr[0].Id + SchmeNm.Prtry (Tazama's party id); standard messages may name an organisation by LEI or BIC instead. */
function partyId(party: unknown): string {
  const o = (at(party, 'Id', 'PrvtId', 'Othr') ?? at(party, 'Id', 'OrgId', 'Othr')) as Obj[] | undefined;
  if (o?.[0]) return `${text(o[0], 'Id') ?? ''}${text(o[0], 'SchmeNm', 'Prtry') ?? text(o[0], 'SchmeNm', 'Cd') ?? ''}`;
  return text(party, 'Id', 'OrgId', 'LEI') ?? text(party, 'Id', 'OrgId', 'AnyBIC') ?? text(party, 'Nm') ?? '';
}

function agentId(agent: unknown): string {
  return text(agent, 'FinInstnId', 'ClrSysMmbId', 'MmbId') ?? text(agent, 'FinInstnId', 'BICFI') ?? '';
}

/** Othr[0].Id + SchmeNm.Prtry + the agent's member id (Tazama's account id), or the IBAN. */
function accountId(account: unknown, agent: unknown): string {
  const o = at(account, 'Id', 'Othr') as Obj[] | undefined;
  if (o?.[0]) return `${text(o[0], 'Id') ?? ''}${text(o[0], 'SchmeNm', 'Prtry') ?? text(o[0], 'SchmeNm', 'Cd') ?? ''}${agentId(agent)}`;
  return text(account, 'Id', 'IBAN') ?? '';
}

function agentCountry(agent: unknown): string | undefined {
  const bic = text(agent, 'FinInstnId', 'BICFI');
  return text(agent, 'FinInstnId', 'PstlAdr', 'Ctry') ?? (bic ? bic.slice(4, 6) : undefined);
}

function ageAt(birth: string, at: number): number {
  const [y, m, d] = birth.split('-').map(Number);
  const t = new Date(at);
  let age = t.getUTCFullYear() - y;
  if (t.getUTCMonth() + 1 < m || (t.getUTCMonth() + 1 === m && t.getUTCDate() < d)) age--;
  return age;
}

/** The parts of the message that describe the transfer, per type (undefined for pacs.002). */
function transferParts(type: MessageType, root: Obj): { pmtInf: Obj; tx: Obj; amountPath: string; currencies: string[] } | undefined {
  const r = ROOT[type];
  if (type === 'pacs.008.001.10') {
    const tx = root.CdtTrfTxInf as Obj;
    // Tazama's dialect requires InstdAmt; standard pacs.008 may carry only the settlement amount.
    const amountPath = tx.InstdAmt ? `${r}.CdtTrfTxInf.InstdAmt` : `${r}.CdtTrfTxInf.IntrBkSttlmAmt`;
    return { pmtInf: tx, tx, amountPath, currencies: [at(tx, 'InstdAmt', 'Amt', 'Ccy'), at(tx, 'IntrBkSttlmAmt', 'Amt', 'Ccy')] as string[] };
  }
  if (type === 'pacs.002.001.12') return undefined;
  const pmtInf = root.PmtInf as Obj;
  const tx = pmtInf.CdtTrfTxInf as Obj;
  return {
    pmtInf, tx, amountPath: `${r}.PmtInf.CdtTrfTxInf.Amt.InstdAmt`,
    currencies: [at(tx, 'Amt', 'InstdAmt', 'Amt', 'Ccy'), at(tx, 'Amt', 'EqvtAmt', 'Amt', 'Ccy'), at(tx, 'Amt', 'EqvtAmt', 'CcyOfTrf')] as string[],
  };
}

/** The facts and transfer of a validated message. */
export function toPaymentMessage(m: ValidMessage): PaymentMessage {
  const root = m.data[ROOT[m.type]] as Obj;
  const created = m.checked.dates.get(`${ROOT[m.type]}.GrpHdr.CreDtTm`)!;
  const msgId = text(root, 'GrpHdr', 'MsgId')!;
  const parts = transferParts(m.type, root);
  if (!parts) {
    return {
      type: m.type, msgId, endToEndId: text(root, 'TxInfAndSts', 'OrgnlEndToEndId')!, created, data: m.data,
      facts: { crossBorder: false, status: text(root, 'TxInfAndSts', 'TxSts') },
    };
  }
  const { pmtInf, tx } = parts;
  const amount = m.checked.amounts.get(`${parts.amountPath}.Amt`)!;
  const debtorAgent = pmtInf.DbtrAgt;
  const creditorAgent = tx.CdtrAgt;
  const birth = text(pmtInf, 'Dbtr', 'Id', 'PrvtId', 'DtAndPlcOfBirth', 'BirthDt');
  const glctn = (at(root, 'SplmtryData', 'Envlp', 'Doc', 'InitgPty', 'Glctn') ?? at(tx, 'SplmtryData', 'Envlp', 'Doc', 'InitgPty', 'Glctn')) as Obj | undefined;
  const dc = agentCountry(debtorAgent);
  const cc = agentCountry(creditorAgent);
  const currencies = new Set(parts.currencies.filter((c) => typeof c === 'string'));
  const rate = text(tx, 'XchgRate') ?? (at(tx, 'Amt', 'XchgRateInf', 'XchgRate') as number | undefined)?.toString();
  // Only the facts present, always in this order (the stored facts' JSON keeps it).
  const facts = {} as PaymentFacts;
  const purpose = text(tx, 'Purp', 'Cd');
  if (purpose !== undefined) facts.purpose = purpose;
  if (birth !== undefined) {
    facts.debtorBirthDate = birth;
    facts.debtorAge = ageAt(birth, created);
  }
  if (glctn) facts.geolocation = { lat: String(glctn.Lat), long: String(glctn.Long) };
  const da = agentId(debtorAgent);
  if (da) facts.debtorAgent = da;
  const ca = agentId(creditorAgent);
  if (ca) facts.creditorAgent = ca;
  if (dc !== undefined) facts.debtorAgentCountry = dc;
  if (cc !== undefined) facts.creditorAgentCountry = cc;
  facts.crossBorder = currencies.size > 1 || (dc !== undefined && cc !== undefined && dc !== cc);
  if (rate !== undefined) facts.exchangeRate = rate;
  return {
    type: m.type, msgId, endToEndId: text(tx, 'PmtId', 'EndToEndId')!, created, data: m.data, facts,
    transfer: {
      debtor: partyId(pmtInf.Dbtr), creditor: partyId(tx.Cdtr),
      debtorAccount: accountId(pmtInf.DbtrAcct, debtorAgent), creditorAccount: accountId(tx.CdtrAcct, creditorAgent),
      amount: amount.text, currency: amount.ccy,
    },
  };
}

/** The field path of InstdAmt for a type, for errors about the amount. */
export function amountField(type: MessageType): string {
  return type === 'pacs.008.001.10' ? `${ROOT[type]}.CdtTrfTxInf.InstdAmt.Amt.Amt` : `${ROOT[type]}.PmtInf.CdtTrfTxInf.Amt.InstdAmt.Amt.Amt`;
}

/** The domain transaction of a transfer-carrying message, or the field error that prevents one. */
export function toTransaction(p: PaymentMessage): Transaction | FieldError {
  const t = p.transfer!;
  const minor = parseDecimalMinor(t.amount, currencyExponent(t.currency));
  if (typeof minor === 'string') return { field: amountField(p.type), reason: minor };
  const tx: Transaction = {
    id: p.endToEndId,
    time: p.created,
    from: t.debtorAccount,
    to: t.creditorAccount,
    amount: minor,
    currency: t.currency,
    channel: p.facts.crossBorder ? 'cross_border' : 'transfer',
    from_type: 'natural',
    to_type: 'natural',
  };
  const root = p.data[ROOT[p.type]] as Obj;
  const parts = transferParts(p.type, root)!;
  const phone = text(parts.pmtInf, 'Dbtr', 'CtctDtls', 'MobNb');
  if (phone) tx.phone = phone;
  // Debtor and creditor names, screened against the name lists as the message arrives.
  const fromName = text(parts.pmtInf, 'Dbtr', 'Nm');
  const toName = text(parts.tx, 'Cdtr', 'Nm');
  if (fromName) tx.from_name = fromName;
  if (toName) tx.to_name = toName;
  if (p.facts.creditorAgentCountry) tx.country = p.facts.creditorAgentCountry;
  if (p.facts.creditorAgent) tx.counterparty_bank = p.facts.creditorAgent;
  // The message-level facts the engine reads as features and rule inputs.
  if (p.facts.purpose) tx.purpose = p.facts.purpose.toUpperCase();
  if (p.facts.debtorAge !== undefined && p.facts.debtorAge >= 0 && p.facts.debtorAge <= MAX_AGE) tx.payer_age = p.facts.debtorAge;
  if (p.facts.geolocation) {
    const geo = `${p.facts.geolocation.lat.trim()},${p.facts.geolocation.long.trim()}`;
    if (geoReason(geo) === undefined) tx.geo = geo;
  }
  return tx;
}
