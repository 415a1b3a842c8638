import type { PartyType } from '../../domain/transaction.js';
import { isoTime, timeMs } from '../case.js';
import { csvCell } from '../../domain/csv-cell.js';
import { sha256Hex } from '../hash.js';
import { formatAmount, formatCompactDate, formatCompactTime } from './format.js';
import { indicatorCodes, narrative, present, reportTransactions, type ReportInput } from './input.js';
import { PBOC_LABELS, identityOf, methodOf, pbocRows, pbocSubjects, type PbocDirection } from './pboc-fields.js';
import { checkPboc } from './required.js';
import type { ExportResult } from './result.js';

/**
 * A case as a PBOC 可疑交易报告 record: the report elements as JSON under stable English keys,
 * with `labels` giving each key's Chinese label (可疑交易报告要素), and optionally as CSV (one row
 * per transaction and subject). Times are `YYYYMMDDHHMMSS` in local time at
 * `institution.utc_offset_minutes` (default 480, Beijing); amounts are exact decimal strings.
 */

export const PBOC_FORMAT = 'ringwatch.pboc-str';

export interface PbocSubject {
  account: string;
  party_type: PartyType;
  name: string;
  id_type: string;
  id_number: string;
  phone?: string;
  address?: string;
  occupation?: string;
}

export interface PbocCounterparty {
  name: string;
  id_type?: string;
  id_number?: string;
  account: string;
  institution?: string;
}

export interface PbocTransaction {
  transaction_id: string;
  subject_account: string;
  time: string;
  method: string;
  direction: PbocDirection;
  amount: string;
  currency: string;
  location?: string;
  counterparty: PbocCounterparty;
}

export interface PbocRecord {
  format: typeof PBOC_FORMAT;
  version: 1;
  institution_name: string;
  institution_code: string;
  region_code?: string;
  case_id: string;
  report_date: string;
  description: string;
  feature_codes: string[];
  measures?: string;
  subjects: PbocSubject[];
  transactions: PbocTransaction[];
  labels: typeof PBOC_LABELS;
}

export type PbocResult = { ok: true; record: PbocRecord } | { ok: false; missing: string[] };

/** `{ [key]: value }` when the value is present, else `{}` (for optional fields, in place). */
function maybe<K extends string>(key: K, value: string | null | undefined): { [k in K]?: string } {
  return value === undefined || value === null ? {} : ({ [key]: value } as { [k in K]?: string });
}

/** Builds the record, or refuses with every missing field named. */
export function buildPbocRecord(input: ReportInput): PbocResult {
  const missing = checkPboc(input);
  if (missing.length) return { ok: false, missing };
  const inst = input.institution;
  const offset = inst.utc_offset_minutes ?? 480;
  const txs = reportTransactions(input);

  const subjects = pbocSubjects(input).map((account): PbocSubject => {
    const seen = txs.find((t) => t.from === account || t.to === account);
    const who = identityOf(input, account, seen ? (seen.from === account ? seen.from_type : seen.to_type) : null);
    return {
      account, party_type: who.party_type, name: who.name as string, id_type: who.id_type as string, id_number: who.id_number as string,
      ...maybe('phone', who.phone), ...maybe('address', who.address), ...maybe('occupation', who.occupation),
    };
  });

  const transactions = pbocRows(input, txs).map((row): PbocTransaction => {
    const other = identityOf(input, row.counterparty, row.counterpartyType);
    return {
      transaction_id: row.tx.id,
      subject_account: row.subject,
      time: formatCompactTime(row.tx.time, offset),
      method: methodOf(input, row.tx.channel) as string,
      direction: row.direction,
      amount: formatAmount(row.tx.amount, row.tx.currency),
      currency: row.tx.currency,
      ...maybe('location', row.tx.country),
      counterparty: {
        name: other.name as string,
        ...maybe('id_type', other.id_type),
        ...maybe('id_number', other.id_number),
        account: row.counterpartyNumber,
        ...maybe('institution', row.counterpartyInstitution),
      },
    };
  });

  const record: PbocRecord = {
    format: PBOC_FORMAT,
    version: 1,
    institution_name: present(inst.institution_name) as string,
    institution_code: present(inst.institution_code) as string,
    ...maybe('region_code', present(inst.region_code)),
    case_id: input.case.id,
    report_date: formatCompactDate(timeMs(isoTime(input.submission_date)), offset),
    description: narrative(input, txs, input.language ?? 'zh') as string,
    feature_codes: indicatorCodes(input, txs),
    ...maybe('measures', present(input.action)),
    subjects,
    transactions,
    labels: PBOC_LABELS,
  };
  return { ok: true, record };
}

/** Exports the record as pretty-printed JSON (UTF-8), or refuses with every missing field named. */
export function exportPbocJson(input: ReportInput): ExportResult {
  const built = buildPbocRecord(input);
  if (!built.ok) return built;
  const content = JSON.stringify(built.record, null, 2) + '\n';
  return {
    ok: true, format: 'pboc', media_type: 'application/json', content, sha256: sha256Hex(content),
    transactions: [...new Set(built.record.transactions.map((t) => t.transaction_id))],
  };
}

// ---- CSV --------------------------------------------------------------------------------------

type Column = { key: string; label: string; get: (r: PbocRecord, t: PbocTransaction, s: PbocSubject | undefined) => string | undefined };

const L = PBOC_LABELS;
const COLUMNS: readonly Column[] = [
  { key: 'institution_name', label: L.institution_name, get: (r) => r.institution_name },
  { key: 'institution_code', label: L.institution_code, get: (r) => r.institution_code },
  { key: 'case_id', label: L.case_id, get: (r) => r.case_id },
  { key: 'report_date', label: L.report_date, get: (r) => r.report_date },
  { key: 'subjects.account', label: L['subjects.account'], get: (_r, t) => t.subject_account },
  { key: 'subjects.name', label: L['subjects.name'], get: (_r, _t, s) => s?.name },
  { key: 'subjects.id_type', label: L['subjects.id_type'], get: (_r, _t, s) => s?.id_type },
  { key: 'subjects.id_number', label: L['subjects.id_number'], get: (_r, _t, s) => s?.id_number },
  { key: 'transactions.transaction_id', label: L['transactions.transaction_id'], get: (_r, t) => t.transaction_id },
  { key: 'transactions.time', label: L['transactions.time'], get: (_r, t) => t.time },
  { key: 'transactions.method', label: L['transactions.method'], get: (_r, t) => t.method },
  { key: 'transactions.direction', label: L['transactions.direction'], get: (_r, t) => t.direction },
  { key: 'transactions.amount', label: L['transactions.amount'], get: (_r, t) => t.amount },
  { key: 'transactions.currency', label: L['transactions.currency'], get: (_r, t) => t.currency },
  { key: 'transactions.location', label: L['transactions.location'], get: (_r, t) => t.location },
  { key: 'transactions.counterparty.name', label: L['transactions.counterparty.name'], get: (_r, t) => t.counterparty.name },
  { key: 'transactions.counterparty.id_type', label: L['transactions.counterparty.id_type'], get: (_r, t) => t.counterparty.id_type },
  { key: 'transactions.counterparty.id_number', label: L['transactions.counterparty.id_number'], get: (_r, t) => t.counterparty.id_number },
  { key: 'transactions.counterparty.account', label: L['transactions.counterparty.account'], get: (_r, t) => t.counterparty.account },
  { key: 'transactions.counterparty.institution', label: L['transactions.counterparty.institution'], get: (_r, t) => t.counterparty.institution },
  { key: 'description', label: L.description, get: (r) => r.description },
];

export interface PbocCsvOptions {
  /** Header row: Chinese labels (default), English keys, or `标签 (key)`. */
  header?: 'zh' | 'en' | 'both';
  /** Start with a UTF-8 byte-order mark so spreadsheet programs read the Chinese text right (default false). */
  bom?: boolean;
  /**
   * Prefix a cell starting with = + - @ (or a tab/CR) with an apostrophe so spreadsheet programs do
   * not run it as a formula (default true; amounts are never prefixed).
   */
  guardFormulas?: boolean;
}

function cell(value: string | undefined, guard: boolean): string {
  return csvCell(value ?? '', guard);
}

/** The record as RFC 4180 CSV (CRLF line ends), one row per transaction and subject. */
export function pbocCsv(record: PbocRecord, options: PbocCsvOptions = {}): string {
  const guard = options.guardFormulas ?? true;
  const header = COLUMNS.map((c) => (options.header === 'en' ? c.key : options.header === 'both' ? `${c.label} (${c.key})` : c.label));
  const bySubject = new Map(record.subjects.map((s) => [s.account, s]));
  const lines = [header.map((h) => cell(h, false)).join(',')];
  for (const t of record.transactions) {
    const s = bySubject.get(t.subject_account);
    lines.push(COLUMNS.map((c) => cell(c.get(record, t, s), guard && c.key !== 'transactions.amount')).join(','));
  }
  return (options.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

/** Exports the record as CSV, or refuses with every missing field named. */
export function exportPbocCsv(input: ReportInput, options: PbocCsvOptions = {}): ExportResult {
  const built = buildPbocRecord(input);
  if (!built.ok) return built;
  const content = pbocCsv(built.record, options);
  return {
    ok: true, format: 'pboc-csv', media_type: 'text/csv; charset=utf-8', content, sha256: sha256Hex(content),
    transactions: [...new Set(built.record.transactions.map((t) => t.transaction_id))],
  };
}
