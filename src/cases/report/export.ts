import type { Transaction } from '../../domain/transaction.js';
import type { AlertFields, Case } from '../case.js';
import type { Evidence } from '../evidence.js';
import { exportGoaml } from './goaml.js';
import type { InstitutionSettings, PartyLookup, ReportInput } from './input.js';
import { reportTransactions } from './input.js';
import { analyseCase, describeCase, type Language } from './narrative.js';
import { exportBstr } from './pboc-bstr.js';
import { PBOC_FILE_TYPES, type PbocFileOptions, type PbocFileType } from './pboc-file.js';
import { exportHvtr } from './pboc-hvtr.js';
import { exportPbocJson } from './pboc.js';
import type { ExportResult } from './result.js';

/**
 * One entry point for every report format, shared by the HTTP API and the CLI: which formats
 * exist, what the caller may set (the analyst's narrative and analysis, the action taken, the
 * PBOC file type and number), and the drafts of the narrative to edit before filing.
 */

export const REPORT_FORMATS = ['goaml', 'pboc', 'pboc-bstr', 'pboc-hvtr', 'pboc-json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(v: unknown): v is ReportFormat {
  return typeof v === 'string' && (REPORT_FORMATS as readonly string[]).includes(v);
}

/** What a caller may set on an export. Every field is checked by {@link readReportRequest}. */
export interface ReportRequest {
  format: ReportFormat;
  /** The narrative as the analyst wrote or edited it (goAML reason, PBOC STCB). */
  narrative?: string;
  /** PBOC AOSP 疑点分析. */
  analysis?: string;
  action?: string;
  language?: Language;
  file?: PbocFileOptions;
}

const LIMITS = { narrative: 10_000, analysis: 10_000, action: 8_000 } as const;

/** Reads a request (query string or JSON body), or names the first bad field. */
export function readReportRequest(raw: Record<string, unknown>): ReportRequest | { field: string; reason: string } {
  const format = raw.format ?? 'goaml';
  if (!isReportFormat(format)) return { field: 'format', reason: `must be one of ${REPORT_FORMATS.join(', ')}` };
  const out: ReportRequest = { format };
  for (const k of ['narrative', 'analysis', 'action'] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { field: k, reason: 'must be text' };
    if (v.length > LIMITS[k]) return { field: k, reason: `is at most ${LIMITS[k]} characters` };
    if (v.trim() !== '') out[k] = v;
  }
  const lang = raw.language ?? raw.lang;
  if (lang !== undefined) {
    if (lang !== 'zh' && lang !== 'en') return { field: 'language', reason: 'must be zh or en' };
    out.language = lang;
  }
  const file: PbocFileOptions = {};
  const type = raw.file_type;
  if (type !== undefined) {
    if (typeof type !== 'string' || !(PBOC_FILE_TYPES as readonly string[]).includes(type)) return { field: 'file_type', reason: `must be one of ${PBOC_FILE_TYPES.join(', ')}` };
    file.type = type as PbocFileType;
  }
  for (const k of ['sequence', 'times'] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,8}$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1) return { field: k, reason: 'must be a whole number ≥ 1' };
    file[k] = n;
  }
  for (const k of ['original', 'first', 'notice'] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > 100) return { field: k, reason: 'must be text of at most 100 characters' };
    file[k] = v;
  }
  out.file = file;
  return out;
}

export interface CaseReportSource {
  case: Case;
  alerts: readonly AlertFields[];
  evidence: readonly Evidence[];
  /** The case's history: a case merged into a ring case says so in its closing event. */
  events?: ReadonlyArray<{ kind: string; data: unknown }>;
}

/** The ring case a case was merged into (its alerts moved there), or undefined. */
export function mergedInto(source: CaseReportSource): string | undefined {
  for (const e of [...(source.events ?? [])].reverse()) {
    const into = e.kind === 'close' && e.data && typeof e.data === 'object' ? (e.data as { merged_into?: unknown }).merged_into : undefined;
    if (typeof into === 'string') return into;
  }
  return undefined;
}

/** Why a case cannot be reported at all (before any field is looked at), or undefined. */
export function unreportable(source: CaseReportSource): string | undefined {
  if (source.alerts.length > 0) return undefined;
  const into = mergedInto(source);
  return into
    ? `the case was merged into ring case ${into}, which holds its alerts: export that case`
    : 'the case holds no alerts to report';
}

/** The ids of the case's alerted transactions its evidence did not capture (to be read from the transaction log). */
export function uncaptured(source: CaseReportSource): string[] {
  const have = new Set(source.evidence.flatMap((e) => e.content.transactions.map((t) => t.id)));
  return [...new Set(source.alerts.map((a) => a.transaction_id).filter((id) => !have.has(id)))];
}

/** The report input of a case: its alerts and evidence, the institution, the parties and the caller's edits. */
export function reportInput(
  source: CaseReportSource, institution: InstitutionSettings, parties: PartyLookup, request: ReportRequest, now: Date, logged: readonly Transaction[] = [],
): ReportInput {
  return {
    case: source.case, alerts: source.alerts, evidence: source.evidence, institution, parties, submission_date: now,
    ...(logged.length ? { transactions: logged } : {}),
    ...(request.narrative !== undefined ? { reason: request.narrative } : {}),
    ...(request.analysis !== undefined ? { analysis: request.analysis } : {}),
    ...(request.action !== undefined ? { action: request.action } : {}),
    ...(request.language !== undefined ? { language: request.language } : {}),
  };
}

/** Exports in the requested format; `masked` marks a preview whose personal data was masked. */
export function exportReport(input: ReportInput, request: ReportRequest, options: { masked?: boolean } = {}): ExportResult {
  switch (request.format) {
    case 'goaml':
      return exportGoaml(input, options);
    case 'pboc':
    case 'pboc-bstr':
      return exportBstr(input, request.file, options);
    case 'pboc-hvtr':
      return exportHvtr(input, request.file, options);
    case 'pboc-json':
      return exportPbocJson(input);
  }
}

/** The generated drafts of the narrative and the analysis, for the analyst to edit before filing. */
export function narrativeDrafts(input: ReportInput, language: Language): { language: Language; narrative: string | null; analysis: string | null } {
  const txs = reportTransactions(input);
  return { language, narrative: describeCase(input, txs, language) ?? null, analysis: analyseCase(input, txs, language) ?? null };
}
