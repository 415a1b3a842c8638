import { osaDistance, withinOneEdit } from './similarity.js';

/**
 * Latin-script name normalisation: width (NFKC), case, diacritics and pinyin tone marks,
 * punctuation, honorifics, vessel prefixes and legal forms. Pure functions, no state.
 */

const HAN_RE = /[\u3400-\u9fff\uf900-\ufaff]/;

/** True when the text holds at least one Han character. */
export function hasHan(text: string): boolean {
  return HAN_RE.test(text);
}

/** NFKC (full-width to ASCII, U+3000 to space), then strips combining marks (é, ǎ, ü → e, a, u). */
export function foldLatin(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßẞ]/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐ]/g, 'd')
    .replace(/[ıİ]/g, 'i')
    .toLowerCase();
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam', 'mme', 'mlle', 'herr', 'frau', 'sr', 'sra', 'jr']);

/** Vessel-name prefixes as written before a ship's name (MV, M/V, M.V., MT, M/T, MV.). */
const VESSEL_PREFIX_RE = /^\s*(m\s*[/.]?\s*[vt]|s\s*[/.]?\s*s)\.?\s+/;

/**
 * Legal forms, longest first, as token sequences, each with its class. Matching is on whole tokens
 * after punctuation is removed (so "Co., Ltd." is ["co","ltd"]).
 */
const LEGAL_FORMS: Array<[string, string]> = [
  ['obshchestvo s ogranichennoi otvetstvennostyu', 'llc'], ['obshchestvo s ogranichennoy otvetstvennostyu', 'llc'],
  ['aktsionernoe obshchestvo', 'jsc'], ['sociedad anonima de capital variable', 'sadecv'], ['sociedad de responsabilidad limitada', 'srl'],
  ['sociedad anonima', 'sa'], ['societe anonyme', 'sa'], ['gesellschaft mit beschrankter haftung', 'gmbh'],
  ['gufen youxian gongsi', 'ltd'], ['youxian zeren gongsi', 'ltd'], ['youxian gongsi', 'ltd'], ['limitada', 'ltda'],
  ['limited liability company', 'llc'], ['limited liability partnership', 'llp'], ['public limited company', 'plc'],
  ['private joint stock company', 'jsc'], ['closed joint stock company', 'jsc'], ['open joint stock company', 'jsc'],
  ['public joint stock company', 'jsc'], ['joint stock company', 'jsc'], ['company limited', 'ltd'], ['corporation limited', 'ltd'],
  ['co ltd', 'ltd'], ['company ltd', 'ltd'], ['co limited', 'ltd'], ['pvt ltd', 'ltd'], ['private limited', 'ltd'], ['pte ltd', 'ltd'],
  ['pty ltd', 'ltd'], ['sdn bhd', 'sdnbhd'], ['s a de c v', 'sadecv'], ['sa de cv', 'sadecv'], ['s de rl de cv', 'sadecv'], ['s de rl', 'srl'],
  ['l l c', 'llc'], ['s a s', 'sas'], ['s a', 'sa'], ['s p a', 'spa'], ['s r l', 'srl'], ['b v', 'bv'], ['n v', 'nv'], ['a g', 'ag'],
  ['gmbh co kg', 'gmbh'], ['co kg', 'kg'], ['limited', 'ltd'], ['ltd', 'ltd'], ['ltda', 'ltda'], ['llc', 'llc'], ['plc', 'plc'],
  ['inc', 'inc'], ['incorporated', 'inc'], ['corp', 'corp'], ['corporation', 'corp'], ['company', 'co'], ['co', 'co'], ['jsc', 'jsc'],
  ['ojsc', 'jsc'], ['cjsc', 'jsc'], ['pjsc', 'jsc'], ['oao', 'jsc'], ['zao', 'jsc'], ['ooo', 'llc'], ['fze', 'fze'], ['fzco', 'fze'], ['fzc', 'fze'],
  ['fzllc', 'fze'], ['gmbh', 'gmbh'], ['ag', 'ag'], ['sa', 'sa'], ['sas', 'sas'], ['sarl', 'sarl'], ['spa', 'spa'], ['srl', 'srl'], ['bv', 'bv'],
  ['nv', 'nv'], ['sadecv', 'sadecv'], ['pvt', 'ltd'], ['pte', 'ltd'], ['pty', 'ltd'], ['bhd', 'sdnbhd'], ['kg', 'kg'], ['lp', 'lp'], ['llp', 'llp'],
];
const LEGAL_SEQS = LEGAL_FORMS.map(([words, cls]) => ({ words: words.split(' '), cls }));

/** A Latin name split into core tokens and the legal-form classes found at its end. */
export interface LatinName {
  tokens: string[];
  legal: string[];
  vessel: boolean;
}

/** Splits on anything that is not a letter or digit; apostrophes join (O'Brien → obrien). */
export function latinTokens(folded: string): string[] {
  return folded
    .replace(/['’`ʻʼ]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** Legal-form words long enough to be recognised with a typo (LIMIETD, CORPORATIOHN, COMPAN). */
const FUZZY_LEGAL: Array<[string, string]> = [['limited', 'ltd'], ['company', 'co'], ['corporation', 'corp'], ['incorporated', 'inc'], ['limitada', 'ltda']];

const SHORT_LEGAL_CLASS = new Map(LEGAL_SEQS.filter((l) => l.words.length === 1 && l.words[0].length <= 4).map((l) => [l.words[0], l.cls]));
const SHORT_LEGAL: ReadonlySet<string> = new Set(SHORT_LEGAL_CLASS.keys());

function fuzzyLegal(token: string, truncated: boolean): string | undefined {
  for (const [word, cls] of FUZZY_LEGAL) {
    if (truncated && token.length >= 3 && word.startsWith(token)) return cls;
    if (Math.abs(word.length - token.length) > 2 || token[0] !== word[0]) continue;
    if (osaDistance(token, word, 2) <= (word.length >= 9 ? 2 : 1)) return cls;
  }
  if (truncated && token.length >= 3) for (const w of ['liability', 'limited']) if (w.startsWith(token)) return 'ltd';
  return undefined;
}

/**
 * Removes the legal forms that end the token list (repeatedly: "co ltd", "group co ltd" keeps
 * group). A misspelt or (in a cut-off name) truncated last legal word counts too.
 */
function stripLegal(tokens: string[], truncated = false): { tokens: string[]; legal: string[] } {
  const legal: string[] = [];
  let end = tokens.length;
  let changed = true;
  while (changed && end > 1) {
    changed = false;
    let fuzzy = end >= 2 && tokens[end - 1].length >= 3 ? fuzzyLegal(tokens[end - 1], truncated && end === tokens.length) : undefined;
    // A short legal word one edit off (CPO. LTD., PTE. LTSD.) counts next to an exact legal form.
    if (fuzzy === undefined && end >= 3 && tokens[end - 1].length >= 2) {
      const t = tokens[end - 1];
      const nextToLegal = legal.length > 0 || SHORT_LEGAL.has(tokens[end - 2]);
      const near = nextToLegal && !SHORT_LEGAL.has(t) ? [...SHORT_LEGAL].find((w) => w.length >= 2 && withinOneEdit(t, w) && t[0] === w[0]) : undefined;
      if (near) fuzzy = SHORT_LEGAL_CLASS.get(near);
    }
    if (fuzzy !== undefined && !LEGAL_SEQS.some((l) => l.words.length === 1 && l.words[0] === tokens[end - 1])) {
      legal.unshift(fuzzy);
      end -= 1;
      changed = true;
      continue;
    }
    for (const { words, cls } of LEGAL_SEQS) {
      const n = words.length;
      if (n >= end) continue;
      let ok = true;
      for (let i = 0; i < n && ok; i++) ok = tokens[end - n + i] === words[i];
      if (ok) {
        legal.unshift(cls);
        end -= n;
        changed = true;
        break;
      }
    }
  }
  // "X company for trading" keeps its words; "and", "&" inside names are dropped as noise.
  const core = tokens.slice(0, end).filter((t) => t !== 'and' && t !== 'the');
  return { tokens: core.length > 0 ? core : tokens.slice(0, end), legal };
}

/** Full Latin normalisation of one name. */
export function normaliseLatin(raw: string, kind?: string, truncated = false): LatinName {
  let folded = foldLatin(raw);
  let vessel = false;
  const vm = VESSEL_PREFIX_RE.exec(folded);
  if (vm && (kind === undefined || kind === 'vessel') && folded.length > vm[0].length + 1) {
    folded = folded.slice(vm[0].length);
    vessel = true;
  }
  let tokens = latinTokens(folded);
  while (tokens.length > 1 && HONORIFICS.has(tokens[0])) tokens = tokens.slice(1);
  const { tokens: core, legal } = stripLegal(tokens, truncated);
  return { tokens: core, legal, vessel };
}

/** Removes spaces (ASCII, ideographic), middle dots and punctuation from a Han name. */
export function compactHan(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\u3000·•・.\-]/g, '');
}
