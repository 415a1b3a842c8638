/**
 * UN Security Council consolidated list XML (CONSOLIDATED_LIST / INDIVIDUALS / INDIVIDUAL and
 * ENTITIES / ENTITY). Names from FIRST_NAME…FOURTH_NAME, good-quality aliases and the original-script
 * name as aliases, DOBs (exact date, year, or FROM_YEAR–TO_YEAR), nationality or address country.
 */
import { XMLParser } from 'fast-xml-parser';
import type { ScreenEntry } from '../entry.js';
import { countryLookup } from './countries.js';

type Node = Record<string, unknown>;

function arr(v: unknown): Node[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as Node[];
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return text((v as Node)['#text']);
  return String(v).trim();
}

function dob(d: Node): string | undefined {
  const date = text(d.DATE);
  if (/^\d{4}-\d{2}-\d{2}/.test(date)) return date.slice(0, 10);
  const from = text(d.FROM_YEAR);
  const to = text(d.TO_YEAR);
  if (/^\d{4}$/.test(from) && /^\d{4}$/.test(to)) return `${from}~${to}`;
  const year = text(d.YEAR);
  if (/^\d{4}$/.test(year)) return year;
  return undefined;
}

/** Parses the XML text; throws with a clear message when it is not the consolidated list. */
export function parseUnConsolidated(xml: string): ScreenEntry[] {
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw new Error(`not XML: ${(e as Error).message}`);
  }
  const root = doc.CONSOLIDATED_LIST as Node | undefined;
  if (!root || typeof root !== 'object') throw new Error('not a UN consolidated list: CONSOLIDATED_LIST element missing');
  const country = countryLookup();
  const out: ScreenEntry[] = [];
  const aliasesOf = (items: Node[]): string[] => items.filter((a) => text(a.QUALITY).toLowerCase() !== 'low').map((a) => text(a.ALIAS_NAME)).filter((a) => a !== '');
  for (const p of arr((root.INDIVIDUALS as Node | undefined)?.INDIVIDUAL)) {
    const name = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => text(p[k])).filter((s) => s !== '').join(' ');
    if (name === '') continue;
    const original = text(p.NAME_ORIGINAL_SCRIPT);
    const nat = arr((p.NATIONALITY as Node | undefined)?.VALUE as unknown).map((v) => country(text(v))).find((c) => c !== '');
    const addr = arr(p.INDIVIDUAL_ADDRESS).map((a) => country(text(a.COUNTRY))).find((c) => c !== '');
    out.push({
      list_id: `UN-${text(p.REFERENCE_NUMBER) || text(p.DATAID)}`, name, kind: 'person',
      aliases: [...aliasesOf(arr(p.INDIVIDUAL_ALIAS)), ...(original ? [original] : [])],
      country: nat ?? addr ?? '', dob: arr(p.INDIVIDUAL_DATE_OF_BIRTH).map(dob).filter((d): d is string => d !== undefined).join('|'),
      source: `UN ${text(p.UN_LIST_TYPE)}`.trim(), id_no: '',
    });
  }
  for (const e of arr((root.ENTITIES as Node | undefined)?.ENTITY)) {
    const name = text(e.FIRST_NAME);
    if (name === '') continue;
    const addr = arr(e.ENTITY_ADDRESS).map((a) => country(text(a.COUNTRY))).find((c) => c !== '');
    out.push({
      list_id: `UN-${text(e.REFERENCE_NUMBER) || text(e.DATAID)}`, name, kind: 'entity', aliases: aliasesOf(arr(e.ENTITY_ALIAS)),
      country: addr ?? '', dob: '', source: `UN ${text(e.UN_LIST_TYPE)}`.trim(), id_no: '',
    });
  }
  return out;
}
