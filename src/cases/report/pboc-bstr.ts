import { sha256Hex } from '../hash.js';
import { partyOf, present, reportTransactions, type ReportInput, type ReportTransaction } from './input.js';
import { analyseCase, describeCase } from './narrative.js';
import { pbocRows } from './pboc-fields.js';
import { planReport, renderChecked, type PbocFileOptions } from './pboc-file.js';
import {
  NA, accountBlock, agentBlock, unknownChannels, counterpartyBlock, holderOf, otherType, remarksBlock, seq, transactionBlock, v,
} from './pboc-parts.js';
import { validateBstr } from './pboc-schema.js';
import type { ExportResult } from './result.js';
import { el, elAttrs, type XmlElement } from './xml.js';

/**
 * A case as a PBOC 银行业可疑交易报告 (BSTR) message of the 2017 interface: report information
 * (RBIF), one SEIF per suspicious subject and one STIF per reported transaction and subject, with
 * the interface's element codes, named by its file naming rule, and checked by the interface's
 * rules (pboc-schema.ts) before it is handed out. The narrative (STCB) and the analysis (AOSP)
 * are the analyst's when given, else written in Chinese from the evidence (narrative.ts).
 */

function mapped(map: Readonly<Record<string, string>> | undefined, txs: readonly ReportTransaction[], fallback: (key: string) => string | undefined): string[] {
  const out = new Set<string>();
  for (const t of txs) for (const r of t.reasons) {
    const keys = [r.typology, r.rule].filter((k): k is string => k !== undefined);
    const hit = keys.map((k) => (map && Object.hasOwn(map, k) ? present(map[k]) : undefined)).find((x) => x !== undefined);
    const code = hit ?? (map && Object.hasOwn(map, '*') ? present(map['*']) : undefined) ?? fallback(keys[0] ?? r.rule);
    if (code) out.add(code);
  }
  return [...out].sort();
}

/** TOSC codes: institution.pboc.crime_types of the typologies and rules that fired (default 1402, other crimes). */
export function crimeTypes(input: ReportInput, txs: readonly ReportTransaction[]): string[] {
  const codes = mapped(input.institution.pboc?.crime_types, txs, () => '1402');
  return codes.length ? codes : ['1402'];
}

/** STCR codes: institution.pboc.feature_codes of the typologies and rules that fired, else their ids (the institution's own standards). */
export function featureCodes(input: ReportInput, txs: readonly ReportTransaction[]): string[] {
  return mapped(input.institution.pboc?.feature_codes, txs, (k) => k);
}

function subjectBlock(input: ReportInput, account: string, i: number): XmlElement {
  const h = holderOf(input, account);
  const rep = h.party?.entity?.legal_representative;
  const ctl = h.party?.entity?.controller;
  const repHolder = { id_type: present(rep?.id_type), id_type_other: present(rep?.id_type_other) };
  const ctlHolder = { id_type: present(ctl?.id_type) };
  return elAttrs('SEIF', { seqno: String(i + 1) },
    v('CSNM', h.client_number),
    v('SEVC', h.occupation),
    el('SIIFs', elAttrs('SIIF', { seqno: '1' }, v('SENM', h.name), v('SETP', h.id_type), v('OITP', otherType(h)), v('SEID', h.id_number))),
    seq('STNTs', 'STNT', h.nationality ? [h.nationality] : []),
    el('SCIF', seq('SCTLs', 'SCTL', h.phone ? [h.phone] : []), seq('SEARs', 'SEAR', h.address ? [h.address] : []), seq('SEEIs', 'SEEI', h.email ? [h.email] : [])),
    el('SRIF',
      v('SRNM', h.legal ? (present(rep?.name) ?? (rep?.last_name && rep.first_name ? rep.last_name + rep.first_name : undefined)) : undefined),
      v('SRIT', h.legal ? repHolder.id_type : undefined),
      v('ORIT', h.legal && repHolder.id_type ? otherType(repHolder) : undefined),
      v('SRID', h.legal ? present(rep?.id_number) : undefined),
      v('SCNM', h.legal ? present(ctl?.name) : undefined),
      v('SCIT', h.legal ? ctlHolder.id_type : undefined),
      v('OCIT', h.legal && ctlHolder.id_type ? otherType(ctlHolder) : undefined),
      v('SCID', h.legal ? present(ctl?.id_number) : undefined)));
}

/** The BSTR element tree and its file name, or what is missing to name the file. */
export function bstrTree(input: ReportInput, file: PbocFileOptions = {}): { tree: XmlElement; name: string } | { problems: string[] } {
  const inst = input.institution;
  const planned = planReport(input, 'S', file);
  if ('problems' in planned) return planned;
  const { code, plan } = planned;
  const txs = reportTransactions(input);
  const unknown = unknownChannels(txs);
  if (unknown.length) return { problems: unknown };
  const rows = pbocRows(input, txs);
  const subjects = [...input.case.subjects];
  const p = inst.pboc ?? {};
  const rbif = el('RBIF',
    v('RICD', code),
    v('RPNC', present(p.report_branch_code) ?? code),
    v('DETR', present(p.urgency) ?? '01'),
    v('TORP', String(plan.times)),
    v('ORXN', plan.first),
    v('DORP', present(p.direction) ?? '01'),
    v('ODRP', (present(p.direction) ?? '01') === '99' ? present(p.other_direction) : NA),
    v('TPTR', present(p.trigger) ?? '01'),
    v('OTPR', (present(p.trigger) ?? '01') === '99' ? present(p.other_trigger) : NA),
    v('STCB', present(input.reason) ?? describeCase(input, txs, input.language ?? 'zh')),
    v('AOSP', present(input.analysis) ?? analyseCase(input, txs, input.language ?? 'zh')),
    seq('TOSCs', 'TOSC', crimeTypes(input, txs)),
    seq('STCRs', 'STCR', featureCodes(input, txs)),
    v('SETN', String(subjects.length)),
    v('STNM', String(rows.length)),
    v('RPNM', present(p.reporter) ?? present(inst.reporting_person?.last_name)),
    v('MIRS', plan.notice));
  const seifs = el('SEIFs', subjects.map((a, i) => subjectBlock(input, a, i)));
  const stifs = el('STIFs', rows.map((row, i) => {
    const party = partyOf(input.parties, row.subject);
    const h = holderOf(input, row.subject, (row.direction === '02' ? row.tx.from_type : row.tx.to_type) === 'legal');
    const side = { subject: row.subject, direction: row.direction, counterparty: row.counterparty };
    return elAttrs('STIF', { seqno: String(i + 1) },
      el('RINI', v('FINC', present(party?.branch_code) ?? present(p.branch_code) ?? code), v('RLFC', '00')),
      el('CIIF', v('CTNM', h.name), v('CITP', h.id_type), v('OITP', otherType(h)), v('CTID', h.id_number), v('CSNM', h.client_number)),
      accountBlock(party, row.subject, row.tx, true),
      agentBlock(),
      transactionBlock(input, row.tx, side, false),
      counterpartyBlock(input, row.tx, side),
      remarksBlock());
  }));
  return { tree: el('BSTR', rbif, seifs, stifs), name: plan.name };
}

/** The case as a validated BSTR file, or every problem named by its element. */
export function exportBstr(input: ReportInput, file: PbocFileOptions = {}, options: { masked?: boolean } = {}): ExportResult {
  const built = bstrTree(input, file);
  if ('problems' in built) return { ok: false, missing: built.problems };
  const rendered = renderChecked(built.tree, built.name, validateBstr, options.masked);
  if ('problems' in rendered) return { ok: false, missing: rendered.problems };
  const { content } = rendered;
  return {
    ok: true, format: 'pboc-bstr', media_type: 'application/xml', content, sha256: sha256Hex(content), file_name: built.name,
    transactions: reportTransactions(input).map((t) => t.id),
  };
}
