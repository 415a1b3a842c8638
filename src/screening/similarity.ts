/**
 * Token similarity: Damerau (optimal string alignment) distance and a phonetic skeleton that folds
 * common romanisation differences (Muhammad/Mohammed, Qasim/Kassem, -ov/-off, kh/h, ou/u, Pak/Park).
 */

/** Optimal-string-alignment distance (adjacent transpositions count 1); stops early above `max`. */
export function osaDistance(a: string, b: string, max = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Int32Array(m + 1);
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

/**
 * A lower bound test for the edit distance: every letter present in one string and absent from
 * the other needs an edit, and one edit (a substitution) settles at most two such letters. False
 * means the strings are certainly more than `k` edits apart.
 */
export function mayBeWithin(a: string, b: string, k: number): boolean {
  return popcount(letterMask(a) ^ letterMask(b)) <= 2 * k;
}

/** True when the tails a[i…] and b[j…] are equal (no substring is made). */
function sameTail(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** True when a and b are within one edit (substitution, insertion, deletion or adjacent transposition). */
export function withinOneEdit(a: string, b: string): boolean {
  const n = a.length;
  const m = b.length;
  if (n - m > 1 || m - n > 1) return false;
  let i = 0;
  while (i < n && i < m && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n && i === m) return true;
  if (n === m) {
    if (sameTail(a, i + 1, b, i + 1)) return true;
    return i + 1 < n && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameTail(a, i + 2, b, i + 2);
  }
  return n > m ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
}

const SKELETON_RULES: Array<[RegExp, string]> = [
  [/^ye/, 'e'], [/^yu/, 'u'], [/^ya/, 'a'], [/^yo/, 'o'],
  [/kh/g, 'h'], [/gh/g, 'k'], [/ph/g, 'f'], [/th/g, 't'], [/dh/g, 'd'], [/sh/g, 's'], [/ch/g, 'c'], [/zh/g, 'j'], [/rh/g, 'r'],
  [/ck/g, 'k'], [/q/g, 'k'], [/x/g, 'ks'], [/c/g, 'k'], [/w/g, 'v'], [/ff$/, 'v'], [/z/g, 's'], [/j/g, 'i'], [/y/g, 'i'],
  [/([aeiou])r(?=[bcdfgjklmnpqstvxz])/g, '$1'],
];

/**
 * Consonant skeleton: a leading vowel becomes "a", later vowels drop, doubled letters collapse.
 * Equal skeletons mark romanisation variants of one name part.
 */
export function skeleton(token: string): string {
  let s = token;
  for (const [re, to] of SKELETON_RULES) s = s.replace(re, to);
  const first = /^[aeiou]/.test(s) ? 'a' : '';
  s = s.replace(/[aeiou]/g, '').replace(/(.)\1+/g, '$1');
  return first + s;
}

/** Romanisation groups that no letter rule joins (Korean surnames, short Arabic forms). */
const GROUPS: readonly string[][] = [
  ['ri', 'rhee', 'lee', 'yi', 'rhi'], ['pak', 'park', 'bak'], ['choe', 'choi', 'chwe'], ['kim', 'gim'], ['jong', 'chong', 'jung', 'chung'],
  ['abd', 'abdul', 'abdel', 'abdal', 'abdol', 'abdu'], ['umar', 'omar', 'omer'], ['yusuf', 'youssef', 'yousef', 'yusef', 'yousif', 'yusif', 'youssif'],
  ['husayn', 'hussein', 'hossein', 'husain', 'hussain', 'husein', 'hosein', 'houssein'], ['evgeni', 'yevgeny', 'evgeny', 'yevgeni', 'evgeniy', 'yevgeniy'],
  ['aleksandr', 'alexander', 'aleksander', 'alexandr', 'oleksandr'], ['abu', 'abou', 'abo'], ['ali', 'aly'], ['said', 'saeed', 'saied', 'sayed', 'sayyid'],
];
const GROUP_OF = new Map<string, number>();
GROUPS.forEach((g, i) => g.forEach((t) => GROUP_OF.set(t, i)));

/** Similarity of two tokens in [0, 1], with the way they matched. */
export interface TokenSim {
  sim: number;
  how: 'exact' | 'phonetic' | 'edit' | 'initial' | 'prefix' | 'none';
  /** Spelling edits of an 'edit' match (0 for the others). */
  edits: number;
}

/** How strict a comparison is: romanised Chinese names allow one edit and no phonetic folding. */
export interface TokenSimOptions {
  /** A query token cut short (a 35-character SWIFT line) may match as a prefix. */
  truncatedTail: boolean;
  /** Phonetic skeleton matches allowed. */
  phonetic: boolean;
  /** Skeleton of a token (memoised by the caller). */
  skeleton: (token: string) => string;
  /** Spelling edits allowed (default 1, or 2 for long tokens when phonetic). */
  edits?: number;
  /** Precomputed skeletons of the two tokens, when the caller has them. */
  qSkel?: string;
  cSkel?: string;
}

// Shared answers for the common outcomes, so a comparison allocates only for an edit match. Plain
// objects of the one shape every answer has (not frozen: a frozen object's shape differs, and the
// callers' property reads would see several shapes).
const answer = (sim: number, how: TokenSim['how']): TokenSim => ({ sim, how, edits: 0 });
const NONE = answer(0, 'none');
const EXACT = answer(1, 'exact');
const INITIAL = answer(0.9, 'initial');
const PREFIX = answer(0.9, 'prefix');
const PHONETIC_LONG = answer(0.93, 'phonetic');
const PHONETIC_SHORT = answer(0.9, 'phonetic');

/** Compares a query token with a list token (the answer may be shared: do not change it). */
export function tokenSim(q: string, c: string, opt: TokenSimOptions): TokenSim {
  if (q === c) return EXACT;
  if (q.length === 1) return c.charCodeAt(0) === q.charCodeAt(0) ? INITIAL : NONE;
  if (c.length === 1) return q.charCodeAt(0) === c.charCodeAt(0) ? INITIAL : NONE;
  if (opt.truncatedTail && q.length >= 2 && c.startsWith(q)) return PREFIX;
  const gq = GROUP_OF.get(q);
  if (opt.phonetic && gq !== undefined && gq === GROUP_OF.get(c)) return PHONETIC_LONG;
  const longest = q.length > c.length ? q.length : c.length;
  if (opt.phonetic && longest >= 4) {
    const sq = opt.qSkel ?? opt.skeleton(q);
    if (sq.length >= 3 && sq === (opt.cSkel ?? opt.skeleton(c))) {
      const d = mayBeWithin(q, c, 3) ? osaDistance(q, c, 3) : 4;
      if (d <= 2 || (d <= 3 && longest >= 7)) return longest >= 6 ? PHONETIC_LONG : PHONETIC_SHORT;
    }
  }
  if (longest < 4) return NONE;
  const maxEdits = opt.edits ?? (longest >= 8 && opt.phonetic ? 2 : 1);
  if (maxEdits === 0) return NONE;
  if (Math.abs(q.length - c.length) > maxEdits) return NONE;
  const d = withinOneEdit(q, c) ? 1 : maxEdits === 1 || !mayBeWithin(q, c, maxEdits) ? maxEdits + 1 : osaDistance(q, c, maxEdits);
  if (d > maxEdits) return NONE;
  const sim = 1 - (d / Math.max(longest, 4)) * 0.6;
  return { sim: Math.max(0, sim), how: 'edit', edits: d };
}

/**
 * The most a token of `length` letters can add through a two-edit match: sim² with sim as in
 * tokenSim (1 − 0.6·edits/longest), the list token being at most two letters longer.
 */
export function twoEditCredit(length: number): number {
  const sim = 1 - (0.6 * 2) / (length + 2);
  return sim * sim;
}

/** Bit per letter a–z (digits share bit 26) present in a token. */
export function letterMask(token: string): number {
  let m = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i) - 97;
    m |= c >= 0 && c < 26 ? 1 << c : 1 << 26;
  }
  return m;
}

export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
