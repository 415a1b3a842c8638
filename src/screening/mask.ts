/**
 * Masking a screening match's reasons for roles that may not see personal data: the reasons quote
 * the names compared and the dates of birth. The words that say how names matched stay readable;
 * every other word of a name reason is masked like a name (first character kept), every full date
 * keeps its year only (`1979-**-**`), as list entries' dates are masked elsewhere.
 */
import { maskName } from '../security/masking.js';

/** The words the matcher writes in a name reason (see screener.ts, compare-latin.ts, compare-han.ts). */
const VOCABULARY = new Set([
  'name', 'parts', 'query', 'only', 'list', 'letters', 'equal', 'edit', 'edits', 'han', 'homophone', 'character', 'dropped',
  'one', 'differs', 'company', '字号', 'industry', 'same', 'legal', 'form', 'vs', 'valid', 'pinyin', 'letter', 'off', 'no',
  'part', 'matched', 'city', 'in', 'both', 'and', 'other', '-',
]);

const DATE = /\b(\d{4})-\d{2}(?:-\d{2})?\b/g;
const NAME_REASON = /^name (.*) \[([^\]]+)\] ([\d.]+)$/s;

function maskWords(text: string): string {
  return text.split(/(\s+|[;,()/~]+)/u).map((part, i) => {
    if (i % 2 === 1 || part === '' || /^[\d.]+$/.test(part) || VOCABULARY.has(part.toLowerCase())) return part;
    return maskName(part);
  }).join('');
}

/** One reason with names and full dates masked. */
export function maskMatchReason(reason: string): string {
  const dated = reason.replace(DATE, (_m, year: string) => `${year}-**-**`);
  const m = NAME_REASON.exec(dated);
  return m ? `name ${maskWords(m[1])} [${m[2]}] ${m[3]}` : dated;
}
