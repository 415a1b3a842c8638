import { ISO_4217 } from '../../domain/currencies.js';
import {
  ACCOUNT_TYPES, BANK_CODE_TYPES, CARD_TYPES, CRIME_TYPES, DIRECTIONS, FLOW, ID_TYPES, LARGE_VALUE_CODES, MATCH_TYPES,
  NON_COUNTER, OTHER_ID_TYPES, RELATIONS, TRANSACTION_METHODS, TRIGGERS, URGENCY, idNumberProblem,
} from './pboc-codes.js';
import { parseFileName } from './pboc-file.js';
import {
  XmlReadError, checkTree, child, childrenNamed, readXml, type ElementRule, type Particle, type ValueRule, type XNode,
} from './xml-rules.js';

/**
 * The rules of the PBOC interface (2017 V1.0) for the banking messages Ringwatch writes — BSTR
 * (suspicious), HVTR (large-value) and CHTR (large-value correction) — written from its message
 * structures (chapters 4–5), data dictionary (chapter 9: each element's type, longest length,
 * format and code list) and code tables (chapter 10), plus the rules between elements the
 * dictionary states: the "@N" substitute only where a value may be missing, OITP/ODRP/OTPR/OOCT/
 * OCBT filled exactly when their code says "other", ORXN when TORP is not 1, totals that match
 * the elements counted, ID numbers that fit their document type, and a file name that fits the
 * message. Every problem names the element's path.
 */

const DATETIME = /^\d{8}[\dt]{6}$/;
const PLACE = /^([A-Z]{3}|Z0[1-3])\d{6}$/;
const AMOUNT = /^\d{1,16}(\.\d{1,3})?$/;
const COUNT = /^\d{1,8}$/;

const text = (max: number, na = true, extra: Partial<ValueRule> = {}): ValueRule => ({ max, na, ...extra });
const code = (codes: ReadonlySet<string>, na = false, max = 6): ValueRule => ({ max, codes, na });
const e = (name: string, value: ValueRule, extra: Partial<ElementRule> = {}): ElementRule => ({ name, value, ...extra });
const g = (name: string, children: readonly Particle[], extra: Partial<ElementRule> = {}): ElementRule => ({ name, children, ...extra });
const list = (wrapper: string, name: string, value: ValueRule): ElementRule => g(wrapper, [e(name, value, { max: Infinity, seqno: true })]);

function validTime(v: string): string | undefined {
  if (v.includes('t')) return undefined;
  const d = new Date(Date.UTC(+v.slice(0, 4), +v.slice(4, 6) - 1, +v.slice(6, 8), +v.slice(8, 10), +v.slice(10, 12), +v.slice(12, 14)));
  return d.getUTCDate() === +v.slice(6, 8) && d.getUTCHours() === +v.slice(8, 10) && +v.slice(12, 14) < 60 ? undefined : 'is not a valid date and time';
}

const V = {
  datetime: { max: 14, pattern: DATETIME, format: 'YYYYMMDDHHMMSS (t for an unknown digit)', check: validTime } satisfies ValueRule,
  date: { max: 8, pattern: /^\d{8}$/, format: 'YYYYMMDD' } satisfies ValueRule,
  amount: { max: 20, pattern: AMOUNT, format: 'a decimal number with at most 3 decimals' } satisfies ValueRule,
  count: { max: 8, pattern: COUNT, format: 'a whole number' } satisfies ValueRule,
  country: { max: 3, pattern: /^[A-Z]{3}$/, format: 'a GB/T 2659 3-letter country code', na: true } satisfies ValueRule,
  place: { max: 9, pattern: PLACE, format: 'CHN + a 6-digit administrative division, or a 3-letter country code + 000000' } satisfies ValueRule,
  phone: { max: 64, na: true, pattern: /^(1\d{10}|0\d{2,3}-\d{7,8}|\+?[\d -]{6,20})$/, format: 'an 11-digit mobile number or area code-number' } satisfies ValueRule,
};

/** Customer identity (CIIF / HVTR CCIF head) and the other-type rules. */
const IDENTITY: readonly ElementRule[] = [
  e('CTNM', text(512, false)), e('CITP', code(ID_TYPES)), e('OITP', text(32)), e('CTID', text(128, false)),
];

const ACCOUNT = (withClose: boolean): ElementRule => g('ATIF', [
  e('CATP', code(ACCOUNT_TYPES)), e('CTAC', text(64, false)), e('OATM', { ...V.datetime, na: true }),
  ...(withClose ? [e('CATM', { ...V.datetime, na: true })] : []),
  e('CBCT', code(CARD_TYPES, true, 2)), e('OCBT', text(32)), e('CBCN', text(64)),
]);

const AGENT = g('TBIF', [e('TBNM', text(128)), e('TBIT', code(ID_TYPES, true)), e('OITP', text(32)), e('TBID', text(128)), e('TBNT', V.country)]);

const TRANSACTION = (hvtr: boolean): ElementRule => g('TSIF', [
  e('TSTM', V.datetime), e('TRCD', V.place), e('TICD', text(256, false)), e('RPMT', code(MATCH_TYPES, true, 2)), e('RPMN', text(500)),
  e('TSTP', code(TRANSACTION_METHODS)), e('OCTT', code(NON_COUNTER, true, 2)), e('OOCT', text(32)), e('OCEC', text(500)), e('BPTC', text(500)),
  e('TSCT', { max: 16, pattern: /^\d{1,16}$/, format: 'a GB/T 19583 code', na: true }), e('TSDR', code(FLOW, false, 2)),
  e(hvtr ? 'CRPP' : 'CRSP', text(128)), e('CRTP', { max: 3, codes: ISO_4217 }), e('CRAT', V.amount),
  ...(hvtr ? [e('CRMB', { ...V.amount, na: true }), e('CUSD', { ...V.amount, na: true })] : []),
]);

const COUNTERPARTY = g('TCIF', [
  e('CFIN', text(64)), e('CFCT', code(BANK_CODE_TYPES, true, 2)), e('CFIC', text(16)), e('CFRC', { ...V.place, na: true }),
  e('TCNM', text(128)), e('TCIT', code(ID_TYPES, true)), e('OITP', text(32)), e('TCID', text(128)), e('TCAT', code(ACCOUNT_TYPES, true)),
  e('TCAC', text(64)),
]);

const REMARKS = list('ROTFs', 'ROTF', text(64));
const RINI = g('RINI', [e('FINC', text(16, false)), e('RLFC', code(RELATIONS, false, 2))]);

export const BSTR_RULE: ElementRule = g('BSTR', [
  g('RBIF', [
    e('RICD', { max: 14, pattern: /^[0-9A-Z]{14}$/, format: 'the 14-character institution code' }), e('RPNC', text(16, false)),
    e('DETR', code(URGENCY, false, 2)), e('TORP', { max: 5, pattern: /^(0000|[1-9]\d{0,3})$/, format: '1..9999 (0000 past 9999)' }),
    e('ORXN', text(64)), e('DORP', code(DIRECTIONS, false, 2)), e('ODRP', text(32)), e('TPTR', code(TRIGGERS, false, 2)), e('OTPR', text(2000)),
    e('STCB', text(10000, false)), e('AOSP', text(10000, false)),
    list('TOSCs', 'TOSC', code(CRIME_TYPES, false, 4)), list('STCRs', 'STCR', text(32, false)),
    e('SETN', V.count), e('STNM', V.count), e('RPNM', text(16, false)), e('MIRS', text(64)),
  ]),
  g('SEIFs', [g('SEIF', [
    e('CSNM', text(32, false)), e('SEVC', text(32)),
    g('SIIFs', [g('SIIF', [e('SENM', text(512, false)), e('SETP', code(ID_TYPES)), e('OITP', text(32)), e('SEID', text(128, false))], { max: Infinity, seqno: true })]),
    list('STNTs', 'STNT', V.country),
    g('SCIF', [list('SCTLs', 'SCTL', V.phone), list('SEARs', 'SEAR', text(512)), list('SEEIs', 'SEEI', text(512))]),
    g('SRIF', [
      e('SRNM', text(512)), e('SRIT', code(ID_TYPES, true, 32)), e('ORIT', text(32)), e('SRID', text(128)),
      e('SCNM', text(512)), e('SCIT', code(ID_TYPES, true)), e('OCIT', text(32)), e('SCID', text(128)),
    ]),
  ], { max: Infinity, seqno: true })]),
  g('STIFs', [g('STIF', [
    RINI, g('CIIF', [...IDENTITY, e('CSNM', text(32, false))]), ACCOUNT(true), AGENT, TRANSACTION(false), COUNTERPARTY, REMARKS,
  ], { max: Infinity, seqno: true })]),
]);

const TSDT_BODY: readonly Particle[] = [RINI, ACCOUNT(false), AGENT, TRANSACTION(true), COUNTERPARTY, REMARKS];

export const HVTR_RULE: ElementRule = g('HVTR', [
  g('RBIF', [e('RICD', { max: 14, pattern: /^[0-9A-Z]{14}$/, format: 'the 14-character institution code' }), e('CTTN', V.count)]),
  g('CATIs', [g('CATI', [
    g('CBIF', [
      e('CSNM', text(32, false)), list('CTNTs', 'CTNT', V.country), e('CTVC', text(32)),
      g('CCIF', [list('CCTLs', 'CCTL', V.phone), list('CATRs', 'CTAR', text(512)), list('CCEIs', 'CCEI', text(512))]),
    ]),
    e('HTDT', V.date),
    g('HTCRs', [g('HTCR', [
      e('CRCD', code(LARGE_VALUE_CODES, false, 4)), e('TTNM', V.count),
      g('CCIFs', [g('CCIF', [...IDENTITY, g('TSDTs', [g('TSDT', TSDT_BODY, { max: Infinity, seqno: true })])], { max: Infinity, seqno: true })]),
    ], { max: Infinity, seqno: true })]),
  ], { max: Infinity, seqno: true })]),
]);

export const CHTR_RULE: ElementRule = g('CHTR', [
  g('RBIF', [e('RICD', { max: 14, pattern: /^[0-9A-Z]{14}$/, format: 'the 14-character institution code' }), e('TSTN', V.count), e('MIRS', text(64))]),
  g('TSDTs', [g('TSDT', [
    e('OCNM', text(32, false)), e('OTDT', V.date), e('OTCD', code(LARGE_VALUE_CODES, false, 4)), e('OTIC', text(256, false)), ...TSDT_BODY,
  ], { max: Infinity, seqno: true })]),
]);

function val(node: XNode | undefined, path: string): string | undefined {
  return child(node, path)?.text;
}

/** Rules between elements: "other" companions, ORXN, totals, ID numbers against their types. */
function crossChecks(root: XNode, masked: boolean): string[] {
  const out: string[] = [];
  const walk = (n: XNode, path: string): void => {
    const at = (name: string): string | undefined => n.children.find((c) => c.name === name)?.text;
    const pairs: Array<[string, string, string]> = [['CITP', 'OITP', 'CTID'], ['SETP', 'OITP', 'SEID'], ['TCIT', 'OITP', 'TCID'], ['TBIT', 'OITP', 'TBID'], ['SRIT', 'ORIT', 'SRID'], ['SCIT', 'OCIT', 'SCID']];
    for (const [type, other, id] of pairs) {
      const t = at(type);
      if (t === undefined) continue;
      const o = at(other);
      if (OTHER_ID_TYPES.has(t) && (o === undefined || o === '@N')) out.push(`${path}/${other} must name the document when ${type} is ${t}`);
      if (!OTHER_ID_TYPES.has(t) && o !== undefined && o !== '@N') out.push(`${path}/${other} must be @N unless ${type} is an "other" type`);
      const num = at(id);
      if (!masked && num !== undefined && num !== '@N') {
        const bad = idNumberProblem(t, num);
        if (bad) out.push(`${path}/${id} ${bad} (document type ${t})`);
      }
    }
    const companions: Array<[string, string, string]> = [['DORP', 'ODRP', '99'], ['TPTR', 'OTPR', '99'], ['OCTT', 'OOCT', '99'], ['CBCT', 'OCBT', '90']];
    for (const [head, other, trigger] of companions) {
      const h = at(head);
      if (h === undefined) continue;
      const o = at(other);
      if (h === trigger && (o === undefined || o === '@N')) out.push(`${path}/${other} is required when ${head} is ${trigger}`);
      if (h !== trigger && o !== undefined && o !== '@N') out.push(`${path}/${other} must be @N unless ${head} is ${trigger}`);
    }
    const kids = new Map<string, number>();
    for (const c of n.children) {
      const k = (kids.get(c.name) ?? 0) + 1;
      kids.set(c.name, k);
      const many = n.children.filter((x) => x.name === c.name).length > 1;
      walk(c, `${path}/${c.name}${many ? `[${k}]` : ''}`);
    }
  };
  walk(root, root.name);
  return out;
}

function countCheck(out: string[], path: string, stated: string | undefined, actual: number, what: string): void {
  if (stated !== undefined && COUNT.test(stated) && Number(stated) !== actual) out.push(`${path} says ${stated} but the message holds ${actual} ${what}`);
}

export interface PbocCheckOptions {
  /** The file's name, checked against the message kind and the institution code. */
  fileName?: string;
  /** A masked preview: masked values (with '*') are checked for presence and length only. */
  masked?: boolean;
}

function fileCheck(root: XNode, options: PbocCheckOptions, out: string[]): void {
  if (options.fileName === undefined) return;
  const f = parseFileName(options.fileName);
  if (typeof f === 'string') return void out.push(`file name: ${f}`);
  const want = root.name === 'BSTR' ? { report: 'S', kinds: ['N', 'C'] } : root.name === 'HVTR' ? { report: 'H', kinds: ['N'] } : { report: 'H', kinds: ['C'] };
  if (f.report !== want.report || !want.kinds.includes(f.kind) || f.sector !== 'B') out.push(`file name ${options.fileName} does not fit a ${root.name} message (${want.kinds.join(' or ')}B${want.report}…)`);
  const ricd = val(root, 'RBIF/RICD');
  if (ricd !== undefined && ricd !== f.institution) out.push(`file name ${options.fileName} carries institution ${f.institution}, RBIF/RICD is ${ricd}`);
}

/** Every problem of a PBOC message (BSTR, HVTR or CHTR), each naming its element; empty when valid. */
export function validatePboc(xml: string, options: PbocCheckOptions = {}): string[] {
  let root: XNode;
  try {
    root = readXml(xml);
  } catch (err) {
    if (err instanceof XmlReadError) return [err.message];
    throw err;
  }
  const rule = root.name === 'BSTR' ? BSTR_RULE : root.name === 'HVTR' ? HVTR_RULE : root.name === 'CHTR' ? CHTR_RULE : undefined;
  if (!rule) return [`the root element must be BSTR, HVTR or CHTR, got ${root.name}`];
  const lenient = options.masked ? (x: string): boolean => x.includes('*') : undefined;
  const out = checkTree(root, rule, { lenient });
  out.push(...crossChecks(root, options.masked === true));
  if (root.name === 'BSTR') {
    countCheck(out, 'BSTR/RBIF/SETN', val(root, 'RBIF/SETN'), childrenNamed(child(root, 'SEIFs'), 'SEIF').length, 'SEIF');
    countCheck(out, 'BSTR/RBIF/STNM', val(root, 'RBIF/STNM'), childrenNamed(child(root, 'STIFs'), 'STIF').length, 'STIF');
    const torp = val(root, 'RBIF/TORP');
    const orxn = val(root, 'RBIF/ORXN');
    if (torp === '1' && orxn !== undefined && orxn !== '@N') out.push('BSTR/RBIF/ORXN must be @N when TORP is 1');
    if (torp !== undefined && torp !== '1' && (orxn === undefined || orxn === '@N')) out.push(`BSTR/RBIF/ORXN must name the first report when TORP is ${torp}`);
  } else if (root.name === 'HVTR') {
    const catis = childrenNamed(child(root, 'CATIs'), 'CATI');
    countCheck(out, 'HVTR/RBIF/CTTN', val(root, 'RBIF/CTTN'), catis.length, 'CATI');
    catis.forEach((cati, i) => childrenNamed(child(cati, 'HTCRs'), 'HTCR').forEach((htcr, j) => {
      const n = childrenNamed(child(htcr, 'CCIFs'), 'CCIF').reduce((s, c) => s + childrenNamed(child(c, 'TSDTs'), 'TSDT').length, 0);
      countCheck(out, `HVTR/CATIs/CATI[${i + 1}]/HTCRs/HTCR[${j + 1}]/TTNM`, val(htcr, 'TTNM'), n, 'TSDT');
    }));
  } else {
    countCheck(out, 'CHTR/RBIF/TSTN', val(root, 'RBIF/TSTN'), childrenNamed(child(root, 'TSDTs'), 'TSDT').length, 'TSDT');
  }
  fileCheck(root, options, out);
  return out;
}

export const validateBstr = validatePboc;
