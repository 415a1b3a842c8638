/**
 * Name forms of a list entry: every way the entry's names can be compared. Latin names and aliases
 * give token forms; Han person names give a Han form plus derived pinyin (and Wade-Giles for Taiwan,
 * HK romanisation for Hong Kong); Han company names give a parsed Han form plus English and pinyin
 * renderings.
 */
import type { ChineseNames, Region } from './chinese.js';
import { cityEnglish, industryEnglish, parseCnCompany, type CnCompany } from './cn-company.js';
import type { ScreenEntry } from './entry.js';
import { compactHan, hasHan, normaliseLatin } from './text.js';

export type FormOrigin = 'name' | 'alias' | 'pinyin' | 'wade-giles' | 'hk' | 'english' | 'company-pinyin';

export interface NameForm {
  entry: number;
  origin: FormOrigin;
  /** Latin tokens (empty for a pure Han form). */
  tokens: string[];
  legal: string[];
  /** Romanised Chinese person (tokens are [surname, given]): compared by letters as well. */
  chinese: boolean;
  /** Simplified, compact Han name. */
  han?: string;
  company?: CnCompany;
  /** Length of the Han surname (1 or 2) for person Han forms. */
  surnameLength?: number;
  /** Filled by the screener: token skeletons, rarity weights and concatenated rotations. */
  skel?: string[];
  weights?: number[];
  rotations?: string[];
}

export interface FormContext {
  cn: ChineseNames;
  cities: ReadonlySet<string>;
}

function regionOf(entry: ScreenEntry, han: string, simplified: string): Region {
  if (entry.country === 'HK' || entry.country === 'TW') return entry.country;
  return han !== simplified ? 'HK' : 'CN';
}

/** ü written u, v or yu: forms for each. */
function umlautVariants(tokens: string[]): string[][] {
  if (!tokens.some((t) => t.includes('v'))) return [tokens];
  return [tokens.map((t) => t.replace(/v/g, 'u')), tokens.map((t) => t.replace(/v/g, 'v')), tokens.map((t) => t.replace(/v/g, 'yu'))];
}

function hanForms(entryIndex: number, entry: ScreenEntry, raw: string, origin: FormOrigin, ctx: FormContext): NameForm[] {
  const { cn } = ctx;
  const compact = compactHan(raw);
  const simplified = cn.simplify(compact);
  const out: NameForm[] = [];
  const company = parseCnCompany(simplified.replace(/[·•・]/g, ''), ctx.cities, cn);
  if (company || entry.kind !== 'person') {
    out.push({ entry: entryIndex, origin, tokens: [], legal: [], chinese: false, han: simplified, company });
    if (company) {
      const head = company.cityPinyin === '' ? [] : [company.cityPinyin];
      const heads = [head];
      const en = cityEnglish(company.city);
      if (en) heads.push([en]);
      for (const h of heads) {
        for (const words of industryEnglish(company.industry).slice(0, 3)) {
          out.push({ entry: entryIndex, origin: 'english', tokens: [...h, company.zihaoPinyin, ...words], legal: ['ltd'], chinese: false });
        }
      }
      const ind = company.industryPinyin === '' ? [] : [company.industryPinyin];
      const group = company.industry.endsWith('集团') ? ['jituan'] : [];
      out.push({ entry: entryIndex, origin: 'company-pinyin', tokens: [...head, company.zihaoPinyin, ...ind, ...group], legal: ['ltd'], chinese: false });
    }
    return out;
  }
  const minority = /[·•・]/.test(raw.normalize('NFKC'));
  if (minority) {
    const parts = raw.normalize('NFKC').split(/[·•・]/).map((p) => cn.simplify(compactHan(p))).filter((p) => p !== '');
    const tokens = parts.map((p) => cn.textPinyin(p).join(''));
    out.push({ entry: entryIndex, origin, tokens: [], legal: [], chinese: false, han: parts.join(''), surnameLength: 0 });
    out.push({ entry: entryIndex, origin: 'pinyin', tokens, legal: [], chinese: false });
    return out;
  }
  const sl = cn.surnameLength(simplified);
  out.push({ entry: entryIndex, origin, tokens: [], legal: [], chinese: false, han: simplified, surnameLength: sl });
  const region = regionOf(entry, compact, simplified);
  const source = region === 'CN' ? simplified : cn.traditional(simplified) === compact ? compact : cn.traditional(simplified);
  const seen = new Set<string>();
  for (const r of cn.romanise(source, region)) {
    for (const [s, g] of umlautVariants([r.surname.join(''), r.given.join('')]).map((t) => [t[0], t[1]])) {
      const key = `${s} ${g}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ entry: entryIndex, origin: r.scheme, tokens: g === '' ? [s] : [s, g], legal: [], chinese: true });
    }
  }
  return out;
}

/** All forms of one entry. */
export function entryForms(entryIndex: number, entry: ScreenEntry, ctx: FormContext): NameForm[] {
  const out: NameForm[] = [];
  const names: Array<[string, FormOrigin]> = [[entry.name, 'name'], ...entry.aliases.map((a): [string, FormOrigin] => [a, 'alias'])];
  for (const [raw, origin] of names) {
    if (raw.trim() === '') continue;
    if (hasHan(raw)) {
      out.push(...hanForms(entryIndex, entry, raw, origin, ctx));
      continue;
    }
    const n = normaliseLatin(raw, entry.kind);
    if (n.tokens.length === 0) continue;
    // The romanised alias of a Han-named person (HKID, ROC passport) is compared as romanised Chinese.
    const chinese = origin === 'alias' && entry.kind === 'person' && hasHan(entry.name);
    out.push({ entry: entryIndex, origin, tokens: n.tokens, legal: n.legal, chinese });
  }
  return out;
}
