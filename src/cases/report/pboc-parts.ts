import { convertAmount, formatAmount, formatCompactTime } from './format.js';
import { fullName, partyOf, present, type PartyDetails, type ReportInput, type ReportTransaction } from './input.js';
import {
  DEFAULT_OCTT, DEFAULT_TSTP, DEFAULT_TSTP_FX, OTHER_ID_TYPES, alpha3,
} from './pboc-codes.js';
import { el, elAttrs, type XmlElement } from './xml.js';

/**
 * The parts the PBOC suspicious (BSTR) and large-value (HVTR, CHTR) messages share: who holds an
 * account (name, document type and number), the account block, the transaction block and the
 * counterparty block, with the interface's element codes. A value the bank does not hold is
 * written as the interface's substitute "@N" only where the interface allows it for data that
 * is not applicable or not available; the validator (pboc-schema.ts) refuses "@N" where a real
 * value is required.
 */

export const NA = '@N';

/** A text element whose value is the substitute when absent. */
export function v(name: string, value: string | number | undefined | null): XmlElement {
  const s = value === undefined || value === null ? '' : String(value).trim();
  return el(name, s === '' ? NA : s);
}

/** A repeated element with seqno attributes, wrapped (`TOSCs` › `TOSC seqno="1"` …); the substitute once when empty. */
export function seq(wrapper: string, name: string, values: readonly string[]): XmlElement {
  const list = values.length ? values : [NA];
  return el(wrapper, list.map((x, i) => elAttrs(name, { seqno: String(i + 1) }, x)));
}

export interface PbocHolder {
  legal: boolean;
  name?: string;
  id_type?: string;
  id_type_other?: string;
  id_number?: string;
  client_number: string;
  nationality?: string;
  occupation?: string;
  phone?: string;
  address?: string;
  email?: string;
  party?: PartyDetails;
}

/** Who holds an account, as far as the party records know. */
export function holderOf(input: ReportInput, account: string, fallbackLegal = false): PbocHolder {
  const party = partyOf(input.parties, account);
  const legal = (party?.party_type ?? (fallbackLegal ? 'legal' : 'natural')) === 'legal';
  const p = party?.person;
  const e = party?.entity;
  const h: PbocHolder = { legal, client_number: present(party?.client_number) ?? account, party };
  const set = <K extends keyof PbocHolder>(k: K, val: PbocHolder[K] | undefined): void => {
    if (val !== undefined) h[k] = val;
  };
  if (legal) {
    set('name', present(e?.name) ?? present(party?.account_name));
    set('id_type', present(e?.id_type));
    set('id_type_other', present(e?.id_type_other));
    set('id_number', present(e?.registration_number));
    set('nationality', alpha3(present(e?.incorporation_country_code) ?? present(party?.country)));
    set('occupation', present(e?.industry_code));
    set('phone', present(e?.phone));
    set('address', present(e?.address));
  } else {
    set('name', fullName(p) ?? present(party?.account_name));
    set('id_type', present(p?.id_type));
    set('id_type_other', present(p?.id_type_other));
    set('id_number', present(p?.id_number));
    set('nationality', alpha3(present(p?.nationality)));
    set('occupation', present(p?.occupation_code));
    set('phone', present(p?.phone));
    set('address', present(p?.address));
    set('email', present(p?.email));
  }
  return h;
}

/** OITP: the document's kind in words for the "other" document types, else the substitute. */
export function otherType(h: { id_type?: string; id_type_other?: string }): string | undefined {
  return h.id_type !== undefined && OTHER_ID_TYPES.has(h.id_type) ? h.id_type_other : NA;
}

function codeFor(map: Readonly<Record<string, string>> | undefined, key: string | null): string | undefined {
  if (!map || key === null) return undefined;
  return present(Object.hasOwn(map, key) ? map[key] : Object.hasOwn(map, '*') ? map['*'] : undefined);
}

/** TSTP 交易方式 for a transaction (institution.pboc.methods, else the defaults by channel and currency). */
export function methodCode(input: ReportInput, tx: ReportTransaction): string | undefined {
  if (tx.channel === null) return undefined;
  return codeFor(input.institution.pboc?.methods, tx.channel)
    ?? codeFor(tx.currency === 'CNY' ? DEFAULT_TSTP : DEFAULT_TSTP_FX, tx.channel ?? '*');
}

/** Problems that stop a transaction being reported (its channel, hence TSTP, unknown). */
export function unknownChannels(txs: readonly ReportTransaction[]): string[] {
  return txs.filter((t) => t.channel === null)
    .map((t) => `transaction ${t.id}: TSTP (交易方式) is required, but its channel is unknown (neither the case evidence nor the transaction log holds the transaction)`);
}

/** 9-character place code: CHN + the branch's administrative division, or a country's 3 letters + 000000. */
export function placeCode(input: ReportInput, country: string | undefined, region: string | undefined): string | undefined {
  const c = alpha3(country ?? present(input.institution.country_code));
  if (c === undefined) return undefined;
  if (c !== 'CHN') return `${c}000000`;
  const r = region ?? present(input.institution.pboc?.region_code) ?? present(input.institution.region_code);
  return r !== undefined && /^\d{6}$/.test(r) ? `CHN${r}` : undefined;
}

/** The account block ATIF of a customer's account (HVTR without CATM). */
export function accountBlock(party: PartyDetails | undefined, account: string, tx: ReportTransaction, withClose: boolean): XmlElement {
  const legal = party?.party_type === 'legal';
  const opened = present(party?.opened);
  const card = tx.channel === 'card';
  return el('ATIF',
    v('CATP', present(party?.account_type_code) ?? (legal ? '629999' : '129999')),
    v('CTAC', present(party?.account_number) ?? account),
    v('OATM', opened && /^\d{4}-\d{2}-\d{2}$/.test(opened) ? `${opened.replace(/-/g, '')}tttttt` : undefined),
    withClose && v('CATM', undefined),
    v('CBCT', card ? '10' : undefined),
    v('OCBT', undefined),
    v('CBCN', card ? present(party?.account_number) ?? account : undefined));
}

/** TBIF: the agent who conducted the transaction (none known: every element the substitute). */
export function agentBlock(): XmlElement {
  return el('TBIF', v('TBNM', undefined), v('TBIT', undefined), v('OITP', undefined), v('TBID', undefined), v('TBNT', undefined));
}

/** Amount in major units, at most 3 decimals (the interface's CRAT). */
export function amountText(tx: ReportTransaction): string {
  return formatAmount(tx.amount, tx.currency);
}

export interface TxSide {
  /** The customer whose transaction this row reports. */
  subject: string;
  /** 01 收 (received by the subject), 02 付 (paid by the subject). */
  direction: '01' | '02';
  counterparty: string;
}

/** TSIF: the transaction itself. `hvtr` adds CRPP, CRMB and CUSD (BSTR has CRSP instead of CRPP). */
export function transactionBlock(input: ReportInput, tx: ReportTransaction, side: TxSide, hvtr: boolean): XmlElement {
  const subject = partyOf(input.parties, side.subject);
  const other = partyOf(input.parties, side.counterparty);
  const offset = input.institution.utc_offset_minutes ?? 480;
  const abroad = tx.channel === 'cross_border' ? present(tx.country) ?? present(other?.country) : undefined;
  const place = abroad && side.direction === '01' && tx.country ? placeCode(input, tx.country, undefined) : placeCode(input, subject?.country, present(subject?.region_code));
  const sameBank = other?.my_client === true || (other?.institution_code !== undefined && other.institution_code === input.institution.institution_code);
  const device = [tx.ip, tx.device].filter((x): x is string => typeof x === 'string' && x !== '').join('@');
  const octt = codeFor(input.institution.pboc?.non_counter, tx.channel) ?? codeFor(DEFAULT_OCTT, tx.channel ?? '*');
  const cny = tx.currency === 'CNY' ? amountText(tx) : input.exchange_rates?.[tx.currency] ? convertAmount(tx.amount, tx.currency, 'CNY', input.exchange_rates[tx.currency]) : undefined;
  const usdRate = input.exchange_rates?.USD;
  const usd = tx.currency === 'USD' ? amountText(tx) : cny !== undefined && usdRate ? divide(cny, usdRate) : undefined;
  return el('TSIF',
    v('TSTM', formatCompactTime(tx.time, offset)),
    v('TRCD', place),
    v('TICD', tx.id),
    v('RPMT', sameBank ? '04' : undefined),
    v('RPMN', sameBank ? tx.id : undefined),
    v('TSTP', methodCode(input, tx)),
    v('OCTT', octt),
    v('OOCT', undefined),
    v('OCEC', octt !== undefined && octt !== NA && device ? device : undefined),
    v('BPTC', undefined),
    v('TSCT', undefined),
    v('TSDR', side.direction),
    v(hvtr ? 'CRPP' : 'CRSP', undefined),
    v('CRTP', tx.currency),
    v('CRAT', amountText(tx)),
    hvtr && v('CRMB', cny),
    hvtr && v('CUSD', usd));
}

/** `a / b` of two decimal strings, rounded half up to 2 places. */
function divide(a: string, b: string): string | undefined {
  const num = (s: string): [bigint, number] => {
    const [w, f = ''] = s.split('.');
    return [BigInt(w + f), f.length];
  };
  const [an, ad] = num(a);
  const [bn, bd] = num(b.trim());
  if (bn === 0n) return undefined;
  // a/b = (an/10^ad)/(bn/10^bd); scaled by 100 and rounded half up.
  const n = an * 10n ** BigInt(bd) * 100n * 2n;
  const d = bn * 10n ** BigInt(ad);
  const q = (n / d + 1n) / 2n;
  const s = q.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** TCIF: the counterparty, its bank and its account. */
export function counterpartyBlock(input: ReportInput, tx: ReportTransaction, side: TxSide): XmlElement {
  const party = partyOf(input.parties, side.counterparty);
  const inst = input.institution;
  const ours = party?.my_client === true;
  const who = holderOf(input, side.counterparty, (side.direction === '02' ? tx.to_type : tx.from_type) === 'legal');
  const bankName = present(party?.institution_name) ?? (ours ? present(inst.institution_name) : present(tx.counterparty_bank));
  const bankCode = present(party?.institution_code) ?? (ours ? present(inst.institution_code) : undefined);
  const swift = present(party?.swift);
  const branch = present(party?.branch_code) ?? (ours ? present(inst.pboc?.branch_code) : undefined) ?? bankCode;
  const country = present(party?.country);
  const region = present(party?.region_code);
  // Another bank's division is known only from its record; abroad the country says it.
  const place = region !== undefined || (country !== undefined && alpha3(country) !== 'CHN') ? placeCode(input, country, region) : undefined;
  const codeType = branch !== undefined ? '14' : swift !== undefined ? '99' : undefined;
  return el('TCIF',
    v('CFIN', bankName),
    v('CFCT', codeType),
    v('CFIC', branch ?? swift),
    v('CFRC', place),
    v('TCNM', who.name),
    v('TCIT', who.id_type),
    v('OITP', otherType(who)),
    v('TCID', who.id_number),
    v('TCAT', present(party?.account_type_code)),
    v('TCAC', present(party?.account_number) ?? side.counterparty));
}

/** ROTFs: two remarks, "@N" for now as the interface asks. */
export function remarksBlock(): XmlElement {
  return seq('ROTFs', 'ROTF', [NA, NA]);
}
