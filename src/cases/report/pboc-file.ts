/**
 * File types and file names of the PBOC interface (2017 V1.0, chapter 3–5):
 * `{N|C}{B}{S|H}{报告机构编码 14}-{报送日期 YYYYMMDD}-{报文编号 8 digits}.XML`.
 *
 * The interface names two kinds of file by their first letter: N (新增, new) and C (修改, a
 * correction replacing an earlier file). The four file types Ringwatch offers map onto them:
 * - `normal`: a first report, N, TORP 1;
 * - `correction`: C, with the date and number of the original N file (the interface matches the
 *   two by name), for a receipt asking for corrections or an institution's own correction;
 * - `supplement`: a follow-up report on the same case (持续报告), a new N file whose TORP counts
 *   the reports so far (2, 3, …) and whose ORXN names the first report;
 * - `resend`: the report made again after an error receipt (错误回执), a new N file with its own
 *   number (the rejected file never entered the centre's database).
 */
import { isoTime, timeMs } from '../case.js';
import { formatCompactDate } from './format.js';
import { present, type ReportInput } from './input.js';
import { XmlCharacterError, renderXml, type XmlElement } from './xml.js';

export const PBOC_FILE_TYPES = ['normal', 'correction', 'supplement', 'resend'] as const;
export type PbocFileType = (typeof PBOC_FILE_TYPES)[number];

export interface PbocFileOptions {
  type?: PbocFileType;
  /** 报文编号 of this file on its date (1–99999999; default 1). Ignored for corrections. */
  sequence?: number;
  /**
   * The earlier file: for a correction the N file it corrects; for a supplement the first report
   * (its name without .XML becomes ORXN). A name such as NBSC1000000000001-20260301-00000001.XML.
   */
  original?: string;
  /** TORP for a supplement: how many reports on this case including this one (default 2); for a correction the corrected file's TORP (default 1). */
  times?: number;
  /** For a correction of a supplement: the first report's file name (ORXN). */
  first?: string;
  /** MIRS: the centre's manual-correction notice this file answers (default @N). */
  notice?: string;
}

const NAME = /^([NCD])([BSI])([HS])([0-9A-Z]{14})-(\d{8})-(\d{8})(?:\.XML)?$/i;

export interface PbocFileName {
  kind: 'N' | 'C' | 'D';
  sector: 'B' | 'S' | 'I';
  report: 'H' | 'S';
  institution: string;
  date: string;
  number: number;
}

/** Parses a file name, or returns a sentence saying what is wrong. */
export function parseFileName(name: string): PbocFileName | string {
  const m = NAME.exec(name.trim());
  if (!m) return `${JSON.stringify(name)} is not a PBOC report file name ({N|C}{B|S|I}{S|H}<14-character institution code>-<YYYYMMDD>-<8-digit number>.XML)`;
  return { kind: m[1].toUpperCase() as 'N', sector: m[2].toUpperCase() as 'B', report: m[3].toUpperCase() as 'S', institution: m[4].toUpperCase(), date: m[5], number: Number(m[6]) };
}

export function formatFileName(f: PbocFileName): string {
  return `${f.kind}${f.sector}${f.report}${f.institution}-${f.date}-${String(f.number).padStart(8, '0')}.XML`;
}

export interface PlannedFile {
  name: string;
  /** TORP 报送次数标志. */
  times: number;
  /** ORXN: the first report's name without extension, or @N. */
  first: string;
  notice: string;
}

/** The file name and report-count fields for a file of `type`, or a sentence saying what is missing. */
export function planFile(report: 'S' | 'H', institution: string, date: string, options: PbocFileOptions): PlannedFile | string {
  const type = options.type ?? 'normal';
  if (!(PBOC_FILE_TYPES as readonly string[]).includes(type)) return `file_type must be one of ${PBOC_FILE_TYPES.join(', ')}`;
  const notice = options.notice?.trim() || '@N';
  if (notice.length > 64) return 'notice (MIRS) is at most 64 characters';
  const seqNo = options.sequence ?? 1;
  if (!Number.isInteger(seqNo) || seqNo < 1 || seqNo > 99_999_999) return 'sequence (报文编号) must be a whole number in 1..99999999';
  const original = options.original === undefined ? undefined : parseFileName(options.original);
  if (typeof original === 'string') return `original: ${original}`;
  if (original && (original.report !== report || original.institution !== institution.toUpperCase())) {
    return `original ${options.original} is not a ${report === 'S' ? 'suspicious' : 'large-value'} report of institution ${institution}`;
  }
  const base = { kind: 'N' as const, sector: 'B' as const, report, institution, date, number: seqNo };
  switch (type) {
    case 'normal':
    case 'resend':
      return { name: formatFileName(base), times: 1, first: '@N', notice };
    case 'correction': {
      // A large-value correction on the institution's own initiative names itself by today's date and number.
      if (!original && report === 'H') return { name: formatFileName({ ...base, kind: 'C' }), times: 1, first: '@N', notice };
      if (!original || original.kind !== 'N') return 'a correction needs original: the name of the N file it corrects';
      const times = options.times ?? 1;
      if (!Number.isInteger(times) || times < 1 || times > 9999) return 'times (TORP) must be 1..9999';
      if (times === 1) return { name: formatFileName({ ...original, kind: 'C' }), times, first: '@N', notice };
      const first = options.first === undefined ? undefined : parseFileName(options.first);
      if (!first || typeof first === 'string') return 'a correction of a supplement needs first: the name of the first report';
      return { name: formatFileName({ ...original, kind: 'C' }), times, first: formatFileName(first).replace(/\.XML$/, ''), notice };
    }
    case 'supplement': {
      if (report !== 'S') return 'a supplement (持续报告) is a suspicious-report file type; large-value reports have none';
      if (!original || original.kind !== 'N') return 'a supplement needs original: the name of the first report (an N file)';
      const times = options.times ?? 2;
      if (!Number.isInteger(times) || times < 2 || times > 9999) return 'times (TORP) of a supplement must be 2..9999';
      return { name: formatFileName(base), times, first: formatFileName(original).replace(/\.XML$/, ''), notice };
    }
  }
}

/** The reporting institution's code and the file planned for a report of kind `report`, or what stops it. */
export function planReport(input: ReportInput, report: 'S' | 'H', file: PbocFileOptions): { code: string; plan: PlannedFile } | { problems: string[] } {
  const inst = input.institution;
  const code = present(inst.institution_code);
  if (code === undefined || !/^[0-9A-Z]{14}$/.test(code)) return { problems: [`RICD (报告机构编码, institution.institution_code) must be the 14-character institution code, got ${JSON.stringify(code ?? null)}`] };
  let date: string;
  try {
    date = formatCompactDate(timeMs(isoTime(input.submission_date)), inst.utc_offset_minutes ?? 480);
  } catch {
    return { problems: ['submission_date is required (a valid date-time)'] };
  }
  const plan = planFile(report, code, date, file);
  return typeof plan === 'string' ? { problems: [plan] } : { code, plan };
}

/** A built report tree rendered and checked by `validate`: its text, or every problem named. */
export function renderChecked(tree: XmlElement, name: string, validate: (xml: string, o: { masked?: boolean; fileName: string }) => string[], masked: boolean | undefined): { content: string } | { problems: string[] } {
  let content: string;
  try {
    content = renderXml(tree);
  } catch (err) {
    if (err instanceof XmlCharacterError) return { problems: [`${err.message} (remove the character from the source data)`] };
    throw err;
  }
  const problems = validate(content, { masked, fileName: name });
  return problems.length ? { problems } : { content };
}
