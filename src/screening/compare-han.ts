/**
 * Han-script comparison on simplified, compact names. Persons: identical; one given-name character
 * replaced by a homophone (same toned pinyin) or dropped, which the screener only reports as a
 * match when the date of birth agrees; other substitutions are a different person. Companies:
 * the 字号 and industry must agree, the city must agree where both name one.
 */
import type { ChineseNames } from './chinese.js';
import type { CnCompany } from './cn-company.js';

export type HanRelation = 'same' | 'homophone' | 'dropped' | 'substituted' | 'other';

export interface HanComparison {
  relation: HanRelation;
  score: number;
  detail: string;
}

/** Person names; `surnameLength` is the list name's surname length. */
export function compareHanPerson(query: string, listed: string, surnameLength: number, cn: ChineseNames): HanComparison {
  if (query === listed) return { relation: 'same', score: 1, detail: `Han name equal ${listed}` };
  const sl = Math.max(1, surnameLength);
  if (query.length === listed.length && query.slice(0, sl) === listed.slice(0, sl)) {
    let diff = -1;
    for (let i = sl; i < query.length; i++) {
      if (query[i] !== listed[i]) {
        if (diff >= 0) return { relation: 'other', score: 0, detail: '' };
        diff = i;
      }
    }
    const qp = cn.tonedPinyin(query);
    const lp = cn.tonedPinyin(listed);
    if (qp[diff] === lp[diff]) {
      return { relation: 'homophone', score: 0.66, detail: `homophone ${query[diff]}/${listed[diff]} (${lp[diff]})` };
    }
    return { relation: 'substituted', score: 0.45, detail: `one character differs ${query[diff]}/${listed[diff]}` };
  }
  if (query.length === listed.length - 1 && listed.length >= 3 && query.slice(0, sl) === listed.slice(0, sl)) {
    for (let i = sl; i < listed.length; i++) {
      if (listed.slice(0, i) + listed.slice(i + 1) === query) {
        return { relation: 'dropped', score: 0.66, detail: `character ${listed[i]} dropped` };
      }
    }
  }
  return { relation: 'other', score: 0, detail: '' };
}

/** Companies, both parsed. */
export function compareHanCompany(query: CnCompany, listed: CnCompany): HanComparison {
  if (query.zihao !== listed.zihao) return { relation: 'other', score: 0, detail: '' };
  const industryOk = query.industry === listed.industry;
  const cityOk = query.city === listed.city || query.city === '' || listed.city === '';
  if (industryOk && cityOk) {
    const legalSame = query.legal === listed.legal;
    const score = (query.city === listed.city ? 1 : 0.93) - (legalSame ? 0 : 0.03);
    const where = query.city === listed.city ? (listed.city === '' ? '' : `, city ${listed.city}`) : ', city on one side only';
    return { relation: 'same', score, detail: `company 字号 ${listed.zihao}, industry ${listed.industry || '-'}${where}` };
  }
  const why = industryOk ? `city ${query.city} vs ${listed.city}` : `industry ${query.industry || '-'} vs ${listed.industry || '-'}`;
  return { relation: 'substituted', score: 0.5, detail: `same 字号 ${listed.zihao}, ${why}` };
}
