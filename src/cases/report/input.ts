import type { Reason } from '../../domain/decision.js';
import type { PartyDetails, PersonDetails } from '../../domain/party.js';
import type { PartyType, Transaction } from '../../domain/transaction.js';
import { timeMs, type AlertFields, type Case } from '../case.js';
import type { Evidence } from '../evidence.js';
import { describeCase } from './narrative.js';

/**
 * What a report is made from, and the resolution both exports and the required-field check share:
 * which transactions are reported, and who and where each side of a transaction is. Resolution
 * never invents a value: what is unknown stays undefined, and the check names it.
 */

export type { EntityDetails, PartyDetails, PersonDetails } from '../../domain/party.js';

export interface ReportingPerson {
  title?: string;
  first_name?: string;
  last_name?: string;
  id_number?: string;
  email?: string;
  occupation?: string;
}

export interface ReportLocation {
  address_type?: string;
  address?: string;
  city?: string;
  zip?: string;
  country_code?: string;
  state?: string;
}

/** goAML code lists are the receiving FIU's own: map the engine's words to them. */
export interface GoamlCodes {
  /** Channel → transmode_code. The key '*' applies to any channel not listed. */
  transmode?: Readonly<Record<string, string>>;
  /** Channel → from_funds_code / to_funds_code ('*' as above). */
  funds?: Readonly<Record<string, string>>;
  /** Typology or rule id → report indicator code. */
  indicators?: Readonly<Record<string, string>>;
  /** Role code of an account's signatory (account holder). */
  signatory_role?: string;
  /** 'E' (electronic, default) or 'M' (manual). */
  submission_code?: string;
  /** contact_type code for addresses and phones (the FIU's list; e.g. a "business"/"private" code). */
  contact_type?: string;
  /** communication_type code of a phone (e.g. mobile). */
  communication_type?: string;
  /** account_type code written as personal_account_type / account_type of own clients' accounts. */
  account_type?: string;
  /** account_status_type code of own clients' accounts (e.g. active). */
  account_status?: string;
}

/** PBOC interface settings (金融机构大额交易和可疑交易报告数据报送接口规范, 2017). */
export interface PbocSettings {
  /** RPNC 上报网点代码 (≤16): the branch that found the suspicious activity (default: the institution code). */
  report_branch_code?: string;
  /** FINC 金融机构网点代码 of accounts without their own branch_code (default: the institution code). */
  branch_code?: string;
  /** 6-digit administrative division of the institution (TRCD of domestic transactions when the branch has none). */
  region_code?: string;
  /** RPNM 可疑交易报告的填报人员 (≤16). */
  reporter?: string;
  /** DETR 01 not urgent (default), 02 very urgent. */
  urgency?: string;
  /** DORP 报送方向 01–04 or 99 (default 01), ODRP when 99. */
  direction?: string;
  other_direction?: string;
  /** TPTR 触发点 (default 01 模型筛选), OTPR when 99. */
  trigger?: string;
  other_trigger?: string;
  /** Typology or rule id → TOSC 疑似涉罪类型 (10.6); `*` for any other. Default 1402. */
  crime_types?: Readonly<Record<string, string>>;
  /** Typology or rule id → STCR 可疑交易特征代码 the institution has filed with the centre (default: the id itself). */
  feature_codes?: Readonly<Record<string, string>>;
  /** Channel → TSTP 交易方式 (10.3, 6 digits); `*` for any other. Defaults cover the engine's channels. */
  methods?: Readonly<Record<string, string>>;
  /** Channel → OCTT 非柜台交易方式 (11 网上, 12 POS, 15 ATM, …; `@N` at the counter). */
  non_counter?: Readonly<Record<string, string>>;
}

export interface InstitutionSettings {
  /** goAML reporting entity id (a whole number). */
  rentity_id?: string | number;
  rentity_branch?: string;
  /** 报告机构名称 / institution_name of its own accounts. */
  institution_name?: string;
  /** 报告机构编码 (PBOC 14-character financial institution code); institution_code of its own accounts in goAML. */
  institution_code?: string;
  swift?: string;
  /** ISO 3166 alpha-2 of the institution. */
  country_code?: string;
  /** 报告机构所在地区编码. */
  region_code?: string;
  /** ISO 4217 code the goAML amounts are reported in (currency_code_local). */
  currency_code_local?: string;
  /** Minutes east of UTC the report's times are written in (goAML default 0; PBOC default 480, Beijing). */
  utc_offset_minutes?: number;
  reporting_person?: ReportingPerson;
  location?: ReportLocation;
  goaml?: GoamlCodes;
  /** Channel → 交易方式 for the PBOC record (the defaults cover the engine's known channels). */
  pboc_methods?: Readonly<Record<string, string>>;
  pboc?: PbocSettings;
}

export type PartyLookup = ReadonlyMap<string, PartyDetails> | Readonly<Record<string, PartyDetails>>;

export interface ReportInput {
  case: Case;
  alerts: readonly AlertFields[];
  evidence: readonly Evidence[];
  institution: InstitutionSettings;
  /** Account id → what is known of it. */
  parties: PartyLookup;
  submission_date: Date | string;
  /** The narrative (goAML reason / 可疑交易特征描述); generated from the case's evidence when left out. */
  reason?: string;
  /** PBOC AOSP 疑点分析 (the analysis); generated when left out. */
  analysis?: string;
  /** Language of generated narratives: 'zh' or 'en' (default: zh for PBOC, en for goAML). */
  language?: 'zh' | 'en';
  /** Action taken (goAML action / 采取措施). */
  action?: string;
  /** Indicator codes; mapped from typologies and rules via `institution.goaml.indicators` when left out. */
  indicators?: readonly string[];
  /** Currency → rate in local major units per major unit, as a decimal string ("7.1234"). */
  exchange_rates?: Readonly<Record<string, string>>;
  /** Report only these transactions (default: every alerted transaction of the case). */
  transaction_ids?: readonly string[];
  /**
   * Alerted transactions as stored in the transaction log, for those the evidence did not capture
   * (a ring case freezes a bounded sample of its members' transactions): channel, country and
   * party types come from here then.
   */
  transactions?: readonly Transaction[];
}

/** One reported transaction: the captured transaction when evidence holds it, else the alert's fields. */
export interface ReportTransaction {
  id: string;
  time: number;
  from: string;
  to: string;
  amount: number;
  currency: string;
  /** null when only the alert is known (the evidence did not capture the transaction). */
  channel: string | null;
  country: string | null;
  counterparty_bank: string | null;
  from_type: PartyType | null;
  to_type: PartyType | null;
  device?: string;
  ip?: string;
  score: number;
  reasons: Reason[];
}

export interface ResolvedSide {
  side: 'from' | 'to';
  /** The engine's account id. */
  account_id: string;
  /** The number to report. */
  account_number: string;
  party: PartyDetails | undefined;
  my_client: boolean;
  party_type: PartyType;
  institution_name?: string;
  institution_code?: string;
  swift?: string;
  branch?: string;
  currency_code: string;
  country?: string;
}

/** Trimmed text, or undefined when absent or blank. */
export function present(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s === '' ? undefined : s;
}

export function partyOf(parties: PartyLookup, account: string): PartyDetails | undefined {
  if (parties instanceof Map) return (parties as ReadonlyMap<string, PartyDetails>).get(account);
  const rec = parties as Readonly<Record<string, PartyDetails>>;
  return Object.hasOwn(rec, account) ? rec[account] : undefined;
}

/** The value for a channel in a code map ('*' for any channel not listed). */
export function codeFor(map: Readonly<Record<string, string>> | undefined, channel: string | null): string | undefined {
  if (!map || channel === null) return undefined;
  return present(Object.hasOwn(map, channel) ? map[channel] : Object.hasOwn(map, '*') ? map['*'] : undefined);
}

function captured(evidence: readonly Evidence[]): Map<string, Transaction> {
  const out = new Map<string, Transaction>();
  for (const e of evidence) {
    for (const tx of e.content.transactions) if (!out.has(tx.id) || tx.id === e.transaction_id) out.set(tx.id, tx);
  }
  return out;
}

/** The reported transactions, oldest first. */
export function reportTransactions(input: ReportInput): ReportTransaction[] {
  const only = input.transaction_ids ? new Set(input.transaction_ids) : undefined;
  const txs = captured(input.evidence);
  for (const t of input.transactions ?? []) if (!txs.has(t.id)) txs.set(t.id, t);
  const seen = new Set<string>();
  const out: ReportTransaction[] = [];
  for (const a of input.alerts) {
    if ((only && !only.has(a.transaction_id)) || seen.has(a.transaction_id)) continue;
    seen.add(a.transaction_id);
    const tx = txs.get(a.transaction_id);
    out.push({
      id: a.transaction_id,
      time: tx?.time ?? timeMs(a.time, `alert ${a.transaction_id}`),
      from: tx?.from ?? a.from,
      to: tx?.to ?? a.to,
      amount: tx?.amount ?? a.amount,
      currency: tx?.currency ?? a.currency,
      channel: tx?.channel ?? null,
      country: tx?.country ?? null,
      counterparty_bank: tx?.counterparty_bank ?? null,
      from_type: tx?.from_type ?? null,
      to_type: tx?.to_type ?? null,
      ...(tx?.device ? { device: tx.device } : {}),
      ...(tx?.ip ? { ip: tx.ip } : {}),
      score: a.score,
      reasons: a.reasons,
    });
  }
  return out.sort((x, y) => x.time - y.time || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * Who and where one side of a transaction is. The institution's own client (by default: a case
 * subject) is held at the reporting institution; the other side at `counterparty_bank`. A side's
 * country defaults to the institution's for its clients and for a domestic channel's counterparty.
 */
export function resolveSide(input: ReportInput, tx: ReportTransaction, side: 'from' | 'to'): ResolvedSide {
  const account = side === 'from' ? tx.from : tx.to;
  const party = partyOf(input.parties, account);
  const inst = input.institution;
  const myClient = party?.my_client ?? input.case.subjects.includes(account);
  const resolved: ResolvedSide = {
    side,
    account_id: account,
    account_number: present(party?.account_number) ?? account,
    party,
    my_client: myClient,
    party_type: party?.party_type ?? (side === 'from' ? tx.from_type : tx.to_type) ?? 'natural',
    currency_code: present(party?.currency_code) ?? tx.currency,
  };
  const set = <K extends keyof ResolvedSide>(key: K, value: string | undefined): void => {
    if (value !== undefined) (resolved as unknown as Record<string, string>)[key] = value;
  };
  set('institution_name', present(party?.institution_name) ?? (myClient ? present(inst.institution_name) : present(tx.counterparty_bank)));
  set('institution_code', present(party?.institution_code) ?? (myClient ? present(inst.institution_code) : undefined));
  set('swift', present(party?.swift) ?? (myClient ? present(inst.swift) : undefined));
  set('branch', present(party?.branch) ?? (myClient ? present(inst.rentity_branch) : undefined));
  const domestic = tx.channel !== null && tx.channel !== 'cross_border';
  set('country', present(party?.country) ?? (myClient ? present(inst.country_code) : present(tx.country) ?? (domestic ? present(inst.country_code) : undefined)));
  return resolved;
}

/** The narrative: the caller's, or one written in plain words from the case's evidence (narrative.ts). */
export function narrative(input: ReportInput, txs: readonly ReportTransaction[], lang: 'zh' | 'en' = input.language ?? 'en'): string | undefined {
  const given = present(input.reason);
  if (given !== undefined) return given;
  return describeCase(input, txs, lang);
}

/** Indicator codes: the caller's, or the mapped codes of every typology and rule that fired (sorted, unique). */
export function indicatorCodes(input: ReportInput, txs: readonly ReportTransaction[]): string[] {
  if (input.indicators) return [...new Set(input.indicators.map(present).filter((s): s is string => s !== undefined))];
  const map = input.institution.goaml?.indicators;
  if (!map) return [];
  const codes = new Set<string>();
  for (const t of txs) {
    for (const r of t.reasons) {
      for (const key of [r.typology, r.rule]) {
        const code = key !== undefined && Object.hasOwn(map, key) ? present(map[key]) : undefined;
        if (code) codes.add(code);
      }
    }
  }
  // '*' stands for any typology or rule not listed, when nothing listed fired.
  const any = Object.hasOwn(map, '*') ? present(map['*']) : undefined;
  if (codes.size === 0 && any && txs.some((t) => t.reasons.length > 0)) codes.add(any);
  return [...codes].sort();
}

/** A person's full name: as given, else family + given name (no space between CJK names). */
export function fullName(p: PersonDetails | undefined): string | undefined {
  const name = present(p?.name);
  if (name || !p) return name;
  const first = present(p.first_name);
  const last = present(p.last_name);
  if (!first || !last) return undefined;
  return /[\u3400-\u9fff]/.test(first + last) ? last + first : `${first} ${last}`;
}
