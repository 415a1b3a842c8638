import { sha256Hex } from '../hash.js';
import { formatCompactDate } from './format.js';
import { partyOf, present, reportTransactions, type ReportInput, type ReportTransaction } from './input.js';
import { planReport, renderChecked, type PbocFileOptions } from './pboc-file.js';
import {
  accountBlock, agentBlock, counterpartyBlock, unknownChannels, holderOf, otherType, remarksBlock, seq, transactionBlock, v, type TxSide,
} from './pboc-parts.js';
import { validatePboc } from './pboc-schema.js';
import type { ExportResult } from './result.js';
import { el, elAttrs, type XmlElement } from './xml.js';

/**
 * The large-value transactions of a case as a PBOC 大额交易报告 (HVTR, or CHTR for a correction)
 * of the 2017 interface. A transaction is large-value when one of the built-in PBOC large-value
 * rules fired on it (rules/pboc-large-value.yaml: pboc.lv.cash → 0501, pboc.lv.legal.* → 0502,
 * pboc.lv.natural_domestic.* → 0503, pboc.lv.natural_cross_border.* → 0504); the rule's `.from`
 * or `.to` says whose transaction it is. Only the institution's own customers are reported.
 * Grouped as the interface asks: one CATI per customer and day, one HTCR per criterion.
 */

const CRITERIA: ReadonlyArray<readonly [RegExp, string]> = [
  [/^pboc\.lv\.cash/, '0501'], [/^pboc\.lv\.legal/, '0502'], [/^pboc\.lv\.natural_domestic/, '0503'], [/^pboc\.lv\.natural_cross_border/, '0504'],
];

export interface LargeValueRow {
  tx: ReportTransaction;
  code: string;
  customer: string;
  side: TxSide;
  date: string;
}

function ownCustomer(input: ReportInput, account: string): boolean {
  const p = partyOf(input.parties, account);
  return p?.my_client ?? input.case.subjects.includes(account);
}

/** The case's large-value rows: one per (transaction, criterion, customer), by date and time. */
export function largeValueRows(input: ReportInput, txs: readonly ReportTransaction[]): LargeValueRow[] {
  const offset = input.institution.utc_offset_minutes ?? 480;
  const out: LargeValueRow[] = [];
  const seen = new Set<string>();
  for (const tx of txs) {
    for (const r of tx.reasons) {
      const code = CRITERIA.find(([re]) => re.test(r.rule))?.[1];
      if (!code) continue;
      let customer: string;
      if (r.rule.endsWith('.from')) customer = tx.from;
      else if (r.rule.endsWith('.to')) customer = tx.to;
      else customer = ownCustomer(input, tx.to) && !ownCustomer(input, tx.from) ? tx.to : tx.channel === 'cash_in' ? tx.to : tx.from;
      if (!ownCustomer(input, customer)) continue;
      const key = `${tx.id}|${code}|${customer}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const side: TxSide = customer === tx.from ? { subject: customer, direction: '02', counterparty: tx.to } : { subject: customer, direction: '01', counterparty: tx.from };
      out.push({ tx, code, customer, side, date: formatCompactDate(tx.time, offset) });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0) || a.tx.time - b.tx.time);
}

function tsdt(input: ReportInput, row: LargeValueRow, i: number, head: XmlElement[] = []): XmlElement {
  const party = partyOf(input.parties, row.customer);
  const code = present(input.institution.institution_code);
  return elAttrs('TSDT', { seqno: String(i + 1) },
    head,
    el('RINI', v('FINC', present(party?.branch_code) ?? present(input.institution.pboc?.branch_code) ?? code), v('RLFC', '00')),
    accountBlock(party, row.customer, row.tx, false),
    agentBlock(),
    transactionBlock(input, row.tx, row.side, true),
    counterpartyBlock(input, row.tx, row.side),
    remarksBlock());
}

function cati(input: ReportInput, rows: readonly LargeValueRow[], i: number): XmlElement {
  const h = holderOf(input, rows[0].customer);
  const codes = [...new Set(rows.map((r) => r.code))].sort();
  return elAttrs('CATI', { seqno: String(i + 1) },
    el('CBIF',
      v('CSNM', h.client_number),
      seq('CTNTs', 'CTNT', h.nationality ? [h.nationality] : []),
      v('CTVC', h.occupation),
      el('CCIF', seq('CCTLs', 'CCTL', h.phone ? [h.phone] : []), seq('CATRs', 'CTAR', h.address ? [h.address] : []), seq('CCEIs', 'CCEI', h.email ? [h.email] : []))),
    v('HTDT', rows[0].date),
    el('HTCRs', codes.map((code, j) => {
      const mine = rows.filter((r) => r.code === code);
      return elAttrs('HTCR', { seqno: String(j + 1) },
        v('CRCD', code),
        v('TTNM', String(mine.length)),
        el('CCIFs', elAttrs('CCIF', { seqno: '1' },
          v('CTNM', h.name), v('CITP', h.id_type), v('OITP', otherType(h)), v('CTID', h.id_number),
          el('TSDTs', mine.map((r, k) => tsdt(input, r, k))))));
    })));
}

/** The HVTR (or, for a correction, CHTR) tree and its file name, or what stops it. */
export function hvtrTree(input: ReportInput, file: PbocFileOptions = {}): { tree: XmlElement; name: string } | { problems: string[] } {
  const planned = planReport(input, 'H', file);
  if ('problems' in planned) return planned;
  const { code, plan } = planned;
  const rows = largeValueRows(input, reportTransactions(input));
  const unknown = unknownChannels(rows.map((r) => r.tx));
  if (unknown.length) return { problems: [...new Set(unknown)] };
  if (rows.length === 0) {
    return { problems: ['CATIs/CATI is required: no transaction of this case met a large-value criterion for one of the institution\'s customers (no pboc.lv.* rule fired)'] };
  }
  if ((file.type ?? 'normal') === 'correction') {
    const tsdts = rows.map((r, i) => tsdt(input, r, i, [v('OCNM', holderOf(input, r.customer).client_number), v('OTDT', r.date), v('OTCD', r.code), v('OTIC', r.tx.id)]));
    return { tree: el('CHTR', el('RBIF', v('RICD', code), v('TSTN', String(rows.length)), v('MIRS', plan.notice)), el('TSDTs', tsdts)), name: plan.name };
  }
  const groups = new Map<string, LargeValueRow[]>();
  for (const r of rows) {
    const k = `${r.customer}|${r.date}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const catis = [...groups.values()].map((g, i) => cati(input, g, i));
  return { tree: el('HVTR', el('RBIF', v('RICD', code), v('CTTN', String(catis.length))), el('CATIs', catis)), name: plan.name };
}

/** The case's large-value transactions as a validated HVTR/CHTR file, or every problem named. */
export function exportHvtr(input: ReportInput, file: PbocFileOptions = {}, options: { masked?: boolean } = {}): ExportResult {
  const built = hvtrTree(input, file);
  if ('problems' in built) return { ok: false, missing: built.problems };
  const rendered = renderChecked(built.tree, built.name, validatePboc, options.masked);
  if ('problems' in rendered) return { ok: false, missing: rendered.problems };
  const { content } = rendered;
  const ids = [...new Set(largeValueRows(input, reportTransactions(input)).map((r) => r.tx.id))];
  return { ok: true, format: 'pboc-hvtr', media_type: 'application/xml', content, sha256: sha256Hex(content), file_name: built.name, transactions: ids };
}
