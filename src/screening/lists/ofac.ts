/**
 * OFAC SDN legacy CSV triple: sdn.csv (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
 * Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks), alt.csv (ent_num, alt_num, alt_type,
 * alt_name, alt_remarks) and add.csv (ent_num, add_num, address, city, country, add_remarks).
 * No header rows; "-0-" is empty. Strong aliases (a.k.a., f.k.a., n.k.a.) are kept; DOBs,
 * nationality and citizenship come from Remarks, the address country is the fallback.
 */
import { CsvParser } from '../../ingest/csv.js';
import type { ScreenEntry } from '../entry.js';
import { countryLookup } from './countries.js';

function rows(text: string): string[][] {
  const out: string[][] = [];
  const p = new CsvParser();
  const on = (f: readonly string[], n: number): void => void out.push(f.slice(0, n).map((v) => (v.trim() === '-0-' ? '' : v.trim())));
  p.push(text.replace(/^\uFEFF/, ''), on);
  p.end(on);
  return out.filter((r) => r.length > 1 && /^\d+$/.test(r[0]));
}

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** One OFAC date text ("01 Jan 1960", "Jan 1960", "1960", "1958 to 1960", "circa 1960") in our format. */
export function ofacDate(text: string): string | undefined {
  const t = text.trim().replace(/\.$/, '');
  let m = /^circa (\d{4})$/i.exec(t);
  if (m) return `${Number(m[1]) - 1}~${Number(m[1]) + 1}`;
  m = /^circa (.+)$/i.exec(t);
  if (m) return ofacDate(m[1]);
  m = /^(.+?) to (.+)$/.exec(t);
  if (m) {
    const lo = ofacDate(m[1]);
    const hi = ofacDate(m[2]);
    if (!lo || !hi) return undefined;
    return lo.slice(0, 4) === hi.slice(0, 4) ? lo.slice(0, 4) : `${lo.slice(0, 4)}~${hi.slice(0, 4)}`;
  }
  m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(t);
  if (m && MONTHS[m[2].toLowerCase()]) return `${m[3]}-${MONTHS[m[2].toLowerCase()]}-${m[1].padStart(2, '0')}`;
  m = /^([A-Za-z]{3})[a-z]* (\d{4})$/.exec(t);
  if (m && MONTHS[m[1].toLowerCase()]) return `${m[2]}-${MONTHS[m[1].toLowerCase()]}`;
  m = /^(\d{4})$/.exec(t);
  if (m) return m[1];
  return undefined;
}

const KINDS: Record<string, string> = { individual: 'person', vessel: 'vessel', aircraft: 'aircraft' };

/** Parses the three files' text into list entries. */
export function parseOfacSdn(sdnText: string, altText = '', addText = ''): ScreenEntry[] {
  const country = countryLookup();
  const aliases = new Map<string, string[]>();
  for (const r of rows(altText)) {
    const type = (r[2] ?? '').toLowerCase().replace(/\./g, '');
    if (!['aka', 'fka', 'nka'].includes(type) || !r[3]) continue;
    aliases.set(r[0], [...(aliases.get(r[0]) ?? []), r[3]]);
  }
  const addressCountry = new Map<string, string>();
  for (const r of rows(addText)) {
    const c = country(r[4] ?? '');
    if (c && !addressCountry.has(r[0])) addressCountry.set(r[0], c);
  }
  const sdnRows = rows(sdnText);
  // A few ent_nums occur twice in OFAC's export: the last row keeps the number, earlier ones get a suffix.
  const last = new Map<string, number>();
  sdnRows.forEach((r, i) => last.set(r[0], i));
  return sdnRows.map((r, i) => {
    const [ent, name, type, program, , , , , , flag, , remarks = ''] = r;
    const dobs: string[] = [];
    const re = /(?:alt\. )?DOB ([^;]+?)(?:;|$)/g;
    for (let m = re.exec(remarks); m; m = re.exec(remarks)) {
      const d = ofacDate(m[1]);
      if (d && !dobs.includes(d)) dobs.push(d);
    }
    const nat = /nationality ([^;]+?)(?:;|$)/i.exec(remarks);
    const cit = /citizen(?:ship)? ([^;]+?)(?:;|$)/i.exec(remarks);
    const cc = (nat && country(nat[1])) || (cit && country(cit[1])) || (flag ? country(flag) : '') || addressCountry.get(ent) || '';
    return {
      list_id: last.get(ent) === i ? `SDN-${ent}` : `SDN-${ent}-${i}`, name, kind: KINDS[(type ?? '').toLowerCase()] ?? 'entity', aliases: aliases.get(ent) ?? [],
      country: cc, dob: dobs.join('|'), source: `OFAC-SDN ${program ?? ''}`.trim(), id_no: '',
    };
  });
}
