import type { PartyType } from '../../domain/transaction.js';
import { fullName, partyOf, present, resolveSide, type ReportInput, type ReportTransaction } from './input.js';

/**
 * The fields of a PBOC suspicious-transaction report (中国人民银行《金融机构大额交易和可疑交易报告
 * 管理办法》可疑交易报告要素) this export fills: their stable English keys, their Chinese labels, and
 * how each is found from the case. Shared by the record builder and the required-field check.
 */

/** Key path → Chinese label. Array members are addressed without an index (`subjects.name`). */
export const PBOC_LABELS = Object.freeze({
  institution_name: '报告机构名称',
  institution_code: '报告机构编码',
  region_code: '报告机构所在地区编码',
  case_id: '机构内部案件编号',
  report_date: '报告日期',
  description: '可疑交易特征描述',
  feature_codes: '可疑交易特征代码',
  measures: '采取措施',
  subjects: '可疑主体',
  'subjects.account': '可疑主体账号',
  'subjects.party_type': '可疑主体类型',
  'subjects.name': '可疑主体姓名/名称',
  'subjects.id_type': '可疑主体身份证件/证明文件类型',
  'subjects.id_number': '可疑主体身份证件/证明文件号码',
  'subjects.phone': '可疑主体联系电话',
  'subjects.address': '可疑主体住址/经营地址',
  'subjects.occupation': '可疑主体职业/行业',
  transactions: '可疑交易',
  'transactions.transaction_id': '业务标识号',
  'transactions.subject_account': '可疑主体账号',
  'transactions.time': '交易时间',
  'transactions.method': '交易方式',
  'transactions.direction': '资金收付标志',
  'transactions.amount': '交易金额',
  'transactions.currency': '币种',
  'transactions.location': '交易发生地',
  'transactions.counterparty': '交易对手',
  'transactions.counterparty.name': '交易对手姓名/名称',
  'transactions.counterparty.id_type': '交易对手身份证件/证明文件类型',
  'transactions.counterparty.id_number': '交易对手身份证件/证明文件号码',
  'transactions.counterparty.account': '交易对手账号',
  'transactions.counterparty.institution': '交易对手所在金融机构名称',
} as const);

export type PbocLabelKey = keyof typeof PBOC_LABELS;

/** 资金收付标志: 01 收 (funds received by the subject), 02 付 (paid by the subject). */
export const PBOC_DIRECTIONS = Object.freeze({ '01': '收', '02': '付' } as const);
export type PbocDirection = keyof typeof PBOC_DIRECTIONS;

/** 主体类型 labels. */
export const PBOC_PARTY_TYPES = Object.freeze({ natural: '自然人', legal: '非自然人' } as const);

/** Default 交易方式 for the engine's known channels; `institution.pboc_methods` overrides or adds. */
export const DEFAULT_PBOC_METHODS: Readonly<Record<string, string>> = Object.freeze({
  transfer: '转账',
  cash_in: '现金存入',
  cash_out: '现金支取',
  card: '银行卡',
  mobile: '移动支付',
  ecny: '数字人民币',
  cross_border: '跨境汇款',
});

/** Identity of a holder as the PBOC record names it. */
export interface PbocIdentity {
  party_type: PartyType;
  name?: string;
  id_type?: string;
  id_number?: string;
  phone?: string;
  address?: string;
  occupation?: string;
}

/** The holder of an account from the caller's party details (natural person or organisation). */
export function identityOf(input: ReportInput, account: string, fallbackType: PartyType | null): PbocIdentity {
  const party = partyOf(input.parties, account);
  const type = party?.party_type ?? fallbackType ?? 'natural';
  const out: PbocIdentity = { party_type: type };
  const set = (k: Exclude<keyof PbocIdentity, 'party_type'>, v: string | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  if (type === 'legal') {
    set('name', present(party?.entity?.name) ?? present(party?.account_name));
    set('id_type', present(party?.entity?.id_type));
    set('id_number', present(party?.entity?.registration_number));
  } else {
    set('name', fullName(party?.person) ?? present(party?.account_name));
    set('id_type', present(party?.person?.id_type));
    set('id_number', present(party?.person?.id_number));
  }
  set('phone', present(party?.person?.phone));
  set('address', present(party?.person?.address));
  set('occupation', present(party?.person?.occupation));
  return out;
}

/** 交易方式 of a channel, or undefined when the channel is unknown or has no mapping. */
export function methodOf(input: ReportInput, channel: string | null): string | undefined {
  if (channel === null) return undefined;
  const custom = input.institution.pboc_methods;
  if (custom && Object.hasOwn(custom, channel)) return present(custom[channel]);
  return Object.hasOwn(DEFAULT_PBOC_METHODS, channel) ? DEFAULT_PBOC_METHODS[channel] : undefined;
}

/** One row per (transaction, case subject on either side), the payer's row first; the payer when no subject is on it. */
export interface PbocRowPlan {
  tx: ReportTransaction;
  subject: string;
  direction: PbocDirection;
  counterparty: string;
  counterpartyType: PartyType | null;
  counterpartyInstitution?: string;
  counterpartyNumber: string;
}

export function pbocRows(input: ReportInput, txs: readonly ReportTransaction[]): PbocRowPlan[] {
  const subjects = new Set(input.case.subjects);
  const rows: PbocRowPlan[] = [];
  for (const tx of txs) {
    const sides: Array<'from' | 'to'> = [];
    if (subjects.has(tx.from)) sides.push('from');
    if (subjects.has(tx.to) && tx.to !== tx.from) sides.push('to');
    if (sides.length === 0) sides.push('from');
    for (const side of sides) {
      const other = resolveSide(input, tx, side === 'from' ? 'to' : 'from');
      const row: PbocRowPlan = {
        tx,
        subject: side === 'from' ? tx.from : tx.to,
        direction: side === 'from' ? '02' : '01',
        counterparty: other.account_id,
        counterpartyType: side === 'from' ? tx.to_type : tx.from_type,
        counterpartyNumber: other.account_number,
      };
      if (other.institution_name !== undefined) row.counterpartyInstitution = other.institution_name;
      rows.push(row);
    }
  }
  return rows;
}

/** The case's subject accounts the record names, in the case's (sorted) order. */
export function pbocSubjects(input: ReportInput): string[] {
  return [...input.case.subjects];
}

/** Label of a key path, for messages: `name (可疑主体姓名/名称)`. */
export function labelled(key: PbocLabelKey): string {
  const short = key.includes('.') ? key.slice(key.indexOf('.') + 1) : key;
  return `${short} (${PBOC_LABELS[key]})`;
}
