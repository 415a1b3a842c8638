/**
 * The screener: list entries in, forms and a candidate index built once; each query is compared
 * only with the index's candidates and gets scored matches with reasons.
 */
import { ChineseNames } from './chinese.js';
import { learnCities, parseCnCompany, type CnCompany } from './cn-company.js';
import { compareHanCompany, compareHanPerson, type HanComparison } from './compare-han.js';
import { compareConcat, compareTokens, rotations } from './compare-latin.js';
import { CandidateIndex, latinKeys } from './candidate-index.js';
import { compareDob, formatDob, parseDob, parseDobList, type DobValue } from './dob.js';
import type { ScreenEntry, ScreenMatch, ScreenQuery } from './entry.js';
import { entryForms, type NameForm } from './forms.js';
import { compactHan, hasHan, normaliseLatin } from './text.js';
import { letterMask, popcount, skeleton, twoEditCredit } from './similarity.js';
import { idAgreement } from './ids.js';

export interface ScreenerOptions {
  /** Matches below this score are not reported by `screen` (default 0.8). */
  threshold?: number;
  /** Compare with every entry instead of the index's candidates (for tests and audits). */
  fullScan?: boolean;
}

/** Longest concatenation whose one-deletion neighbours the index keys (list side). */
const CONCAT_KEYED = 16;

/** Keys on more entries than this are walked only when an entry could match through them alone. */
const COMMON_POSTING = 300;

/** Highest name score of valid pinyin one letter away from a romanised Chinese form. */
const NEAR_PINYIN = 0.72;

/** The most a Latin name alone scores. */
const NAME_CAP = 0.97;

/** Name score from which a date of birth, country or id agreement raises the score. */
const STRONG_NAME = 0.7;

/** Default alert threshold; the configured one (config file, `--threshold`) overrides it. */
export const DEFAULT_THRESHOLD = 0.8;

interface PreparedQuery {
  han?: string;
  company?: CnCompany;
  tokens: string[];
  legal: string[];
  truncated: boolean;
  dob?: DobValue;
  country: string;
  id: string;
  keys: Map<string, number>;
  /** Rarity weights of the query tokens. */
  weights: number[];
  /** The letters are valid pinyin: a near miss on a romanised Chinese form is another name. */
  pinyin: boolean;
  skel: string[];
  concat: string;
  letters: number[];
  /** Bit of each token's first letter. */
  firsts: number[];
}

interface NameScore {
  score: number;
  /** How the name matched: its `detail` is written only when the match is reported. */
  why: { readonly detail: string };
  /** Said after the detail (a near miss, differing legal forms). */
  note: string;
  relation?: HanComparison['relation'];
  origin: string;
}

export class Screener {
  readonly cn: ChineseNames;
  private readonly entries: readonly ScreenEntry[];
  private readonly dobs: DobValue[][];
  private readonly forms: NameForm[][];
  private readonly df = new Map<string, number>();
  private readonly formCount: number;
  private readonly index: CandidateIndex;
  private readonly cities: ReadonlySet<string>;
  /** Per entry, each token's length and letter-presence mask, flattened (for the two-edit test). */
  private readonly shapes: Int32Array[];
  /** Per entry, the letters of its one-letter tokens (initials a query token starting so may match). */
  private readonly initials: Int32Array;
  readonly threshold: number;
  private readonly fullScan: boolean;

  constructor(entries: readonly ScreenEntry[], options: ScreenerOptions = {}, cn: ChineseNames = new ChineseNames()) {
    this.cn = cn;
    this.entries = entries;
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.fullScan = options.fullScan ?? false;
    const simplifiedNames = entries.filter((e) => hasHan(e.name)).map((e) => cn.simplify(compactHan(e.name)));
    this.cities = learnCities(simplifiedNames);
    const ctx = { cn, cities: this.cities };
    this.forms = entries.map((e, i) => entryForms(i, e, ctx));
    this.dobs = entries.map((e) => parseDobList(e.dob));
    let count = 0;
    for (const fs of this.forms) {
      for (const f of fs) {
        count++;
        for (const t of new Set(f.tokens)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      }
    }
    this.formCount = Math.max(count, 1);
    for (const fs of this.forms) {
      for (const f of fs) {
        if (f.tokens.length === 0) continue;
        f.skel = f.tokens.map((t) => skeleton(t));
        f.weights = f.tokens.map(this.weight);
        f.rotations = rotations(f.tokens);
      }
    }
    this.shapes = this.forms.map((fs) => Int32Array.from(fs.flatMap((f) => f.tokens.flatMap((t) => [t.length, letterMask(t)]))));
    this.initials = new Int32Array(entries.length);
    this.forms.forEach((fs, i) => {
      for (const f of fs) for (const t of f.tokens) if (t.length === 1) this.initials[i] |= letterMask(t);
    });
    this.index = new CandidateIndex(this.forms.flat(), (s) => cn.tonedPinyin(s), entries.length, this.skeleton);
  }

  private readonly skeletons = new Map<string, string>();

  /** Memoised phonetic skeleton (list tokens stay; query tokens are bounded by the cap). */
  skeleton = (token: string): string => {
    let s = this.skeletons.get(token);
    if (s === undefined) {
      s = skeleton(token);
      if (this.skeletons.size < 500_000) this.skeletons.set(token, s);
    }
    return s;
  };

  get size(): number {
    return this.entries.length;
  }

  get indexKeys(): number {
    return this.index.keyCount;
  }

  /** Rarity weight in [0.25, 1]: tokens on many forms (al, muhammad, trading) weigh less. */
  weight = (token: string): number => {
    const df = this.df.get(token) ?? 0;
    const raw = Math.log((this.formCount + 1) / (df + 1)) / 7;
    return Math.min(1, Math.max(0.25, raw));
  };

  private prepare(q: ScreenQuery): PreparedQuery {
    const dob = q.dob ? parseDob(q.dob) : undefined;
    const country = (q.country ?? '').trim().toUpperCase();
    const id = (q.id_no ?? '').trim().toUpperCase();
    // Both kinds of query have the same fields in the same order (one object shape for the hot paths).
    if (hasHan(q.name)) {
      const han = this.cn.simplify(compactHan(q.name));
      const company = parseCnCompany(han, this.cities, this.cn);
      return {
        han, company, tokens: [], legal: [], truncated: false, dob, country, id, keys: this.index.hanQueryKeys(han, company?.zihao),
        weights: [], pinyin: false, skel: [], concat: '', letters: [], firsts: [],
      };
    }
    const raw = q.name.trim();
    const truncated = raw.length >= 33 && raw.length <= 35 && raw === raw.toUpperCase();
    const n = normaliseLatin(q.name, undefined, truncated);
    let tokens = n.tokens;
    if (n.legal.length > 0 && tokens.length > 2) tokens = tokens.filter((t) => t !== 'shi');
    const keys = new Map<string, number>();
    latinKeys(tokens, (k, m) => keys.set(k, (keys.get(k) ?? 0) | m), true, true, this.skeleton);
    const pinyin = tokens.length <= 4 && tokens.every((t) => this.cn.isPinyin(t));
    return {
      han: undefined, company: undefined, tokens, legal: n.legal, truncated, dob, country, id, keys,
      weights: tokens.map(this.weight), pinyin, skel: tokens.map(this.skeleton), concat: tokens.join(''), letters: tokens.map(letterMask), firsts: tokens.map((t) => letterMask(t[0])),
    };
  }

  private nameScore(q: PreparedQuery, form: NameForm, entry: ScreenEntry): NameScore | undefined {
    if (q.han !== undefined) {
      if (form.han === undefined) return undefined;
      if (q.company && form.company) {
        const c = compareHanCompany(q.company, form.company);
        return { score: c.score, why: c, note: '', relation: c.relation, origin: form.origin };
      }
      if (form.surnameLength !== undefined && !q.company) {
        const c = compareHanPerson(q.han, form.han, form.surnameLength, this.cn);
        return c.score > 0 ? { score: c.score === 1 ? 0.97 : c.score, why: c, note: '', relation: c.relation, origin: form.origin } : undefined;
      }
      return q.han === form.han ? { score: 0.97, why: { detail: `Han name equal ${form.han}` }, note: '', relation: 'same', origin: form.origin } : undefined;
    }
    if (form.tokens.length === 0 || q.tokens.length === 0) return undefined;
    const person = entry.kind === 'person';
    let best = this.latinScore(q, form, person, form.chinese && q.pinyin ? 0 : undefined);
    if (form.chinese && q.pinyin && best.score < NEAR_PINYIN) {
      // Valid pinyin one letter off is most likely another name: it stays below the threshold
      // unless the date of birth (or id) agrees.
      const near = this.latinScore(q, form, person, undefined);
      if (near.score > best.score) best = { score: Math.min(near.score, NEAR_PINYIN), why: near.why, note: `${near.note} (valid pinyin one letter off)`, origin: form.origin };
    }
    if (best.score > 0 && q.legal.length > 0 && form.legal.length > 0 && q.legal.join() !== form.legal.join()) {
      best.score -= 0.02;
      best.note += `; legal form ${q.legal.join(' ')} vs ${form.legal.join(' ')}`;
    }
    // A name alone never proves identity: full marks need a date of birth or an id as well.
    best.score = Math.min(best.score, NAME_CAP);
    return best.score > 0 ? best : undefined;
  }

  /** Token and letters comparison of a Latin query with a Latin form. */
  private latinScore(q: PreparedQuery, form: NameForm, person: boolean, edits: number | undefined): NameScore {
    const t = compareTokens(q.tokens, form.tokens, {
      person, truncated: q.truncated, weight: this.weight, phonetic: !form.chinese, skeleton: this.skeleton, edits,
      qSkel: q.skel, cSkel: form.skel, qWeight: q.weights, cWeight: form.weights,
      unkeyedCand: form.chinese && form.origin !== 'alias' && form.tokens.length > 1 ? form.tokens[0] : undefined,
    });
    let best: NameScore = { score: t.score, why: t, note: '', origin: form.origin };
    if (form.chinese || form.tokens.length <= 4) {
      const rot = form.rotations ?? rotations(form.tokens);
      // One spelling edit in the letters, and only where the index's deletion keys reach it (short names).
      const typos = Math.max(q.concat.length, rot[0]?.length ?? 0) <= CONCAT_KEYED ? undefined : 0;
      const c = form.chinese ? compareConcat(q.concat, rot, typos ?? edits ?? 1, 0.1) : compareConcat(q.concat, rot, typos ?? 1);
      if (c.score > best.score) best = { score: c.score, why: c, note: '', origin: form.origin };
    }
    return best;
  }

  /**
   * Adjusts a name score by DOB, country and id number; returns the final score and, with
   * `explain`, the reasons (written only for matches that are reported).
   */
  private adjust(q: PreparedQuery, entryIndex: number, name: NameScore, explain: boolean): { score: number; reasons: string[] } {
    const entry = this.entries[entryIndex];
    const reasons: string[] = [];
    if (explain) reasons.push(`name ${name.why.detail}${name.note} [${name.origin}] ${name.score.toFixed(3)}`);
    let s = name.score;
    const partial = name.relation === 'homophone' || name.relation === 'dropped';
    const dob = compareDob(q.dob, this.dobs[entryIndex]);
    // Agreement only strengthens a name that already matches well (or a partial Han match, whose rule needs it).
    const strong = s >= STRONG_NAME;
    if (dob.agreement === 'exact') {
      s += partial ? 0.26 : strong ? (1 - s) * 0.6 : 0;
      if (explain) reasons.push(`dob agrees ${formatDob(dob.value as DobValue)}`);
    } else if (dob.agreement === 'compatible') {
      s += partial ? 0.16 : strong ? (1 - s) * 0.3 : 0;
      if (explain) reasons.push(`dob compatible ${formatDob(dob.value as DobValue)}`);
    } else if (dob.agreement === 'conflict') {
      s *= 0.55;
      if (explain) reasons.push(`dob conflicts: query ${formatDob(q.dob as DobValue)}, list ${this.dobs[entryIndex].map(formatDob).join('|')}`);
    } else if (partial) {
      if (explain) reasons.push('no dob to confirm a partial Han match');
    }
    if (q.country !== '' && entry.country !== '') {
      if (q.country === entry.country) {
        if (s >= STRONG_NAME) s += (1 - s) * 0.1;
        if (explain) reasons.push(`country agrees ${entry.country}`);
      } else {
        s -= 0.04;
        if (explain) reasons.push(`country differs ${q.country}/${entry.country}`);
      }
    }
    if (q.id !== '' && entry.id_no !== '') {
      const agree = idAgreement(q.id, entry.id_no.toUpperCase());
      if (agree === true) {
        if (s >= STRONG_NAME || partial) s += (1 - s) * 0.5;
        if (explain) reasons.push('id number agrees');
      } else if (agree === false) {
        s *= 0.6;
        if (explain) reasons.push('id number differs');
      }
    }
    return { score: Math.max(0, Math.min(1, s)), reasons };
  }

  /**
   * Upper bound test: the query tokens that an entry's keys reached, plus those no key stands for
   * (initials, a cut-off last token) and, at the most a two-edit match can score, long tokens
   * that may carry two edits, must carry enough of the query's weight (scores use the query
   * tokens' weights, so this bounds the name score): 65 % when only scores from 0.75 are wanted
   * (agreement raises only names from 0.7), else 30 %.
   */
  private mayReach(q: PreparedQuery, entry: number, mask: number, minScore: number): boolean {
    if (q.han !== undefined || mask === -1) return true;
    // Numerator: the most each token can add (sim² times its weight); denominator: the least it
    // adds to the total (an initial counts half when it matches).
    let most = 0;
    let least = 0;
    let longCredit = 0;
    for (let i = 0; i < q.tokens.length; i++) {
      const w = q.weights[i];
      const t = q.tokens[i];
      if (t.length === 1) {
        most += 0.405 * w;
        least += 0.5 * w;
        continue;
      }
      if (i >= 31 || (mask & (1 << i)) !== 0 || (q.truncated && i === q.tokens.length - 1)) {
        most += w;
        least += w;
      } else if ((this.initials[entry] & q.firsts[i]) !== 0) {
        // It may match a list initial: then it counts half (0.405 of it at most, sim 0.9).
        most += 0.405 * w;
        least += 0.5 * w;
      } else {
        least += w;
        if (t.length >= 8) longCredit += twoEditCredit(t.length) * w;
      }
    }
    const need = (minScore >= 0.75 ? 0.65 : 0.3) * least;
    if (most >= need) return true;
    if (most + longCredit < need) return false;
    // Only now look at the entry's tokens: a long query token earns its credit only when some
    // list token could be two edits away.
    for (let i = 0; i < q.tokens.length && i < 31; i++) {
      const t = q.tokens[i];
      if (t.length < 8 || (mask & (1 << i)) !== 0 || (q.truncated && i === q.tokens.length - 1) || (this.initials[entry] & q.firsts[i]) !== 0) continue;
      if (this.twoEditsAway(t, q.letters[i], entry)) most += twoEditCredit(t.length) * q.weights[i];
    }
    return most >= need;
  }

  /**
   * Keys on many entries (al, muhammad, a common given name) need not be walked when an entry
   * reached only through them could not pass the upper bound anyway: then they are skipped, and
   * the entries found through other keys are credited with their tokens as if they had them.
   */
  private walkedPostings(q: PreparedQuery, minScore: number): { postings: Array<{ entries: readonly number[]; mask: number }>; assumed: number } {
    const all = this.index.lookup(q.keys);
    if (q.han !== undefined) return { postings: all, assumed: 0 };
    let assumed = 0;
    let other = 0;
    for (const p of all) {
      if (p.entries.length > COMMON_POSTING) assumed |= p.mask;
      else other |= p.mask;
    }
    if (assumed === 0 || other === 0) return { postings: all, assumed: 0 };
    // The best an entry reached only through the common keys could do: their tokens, plus the
    // credits any entry gets (initials, a cut-off tail, long tokens) — none of these is keyed.
    let most = 0;
    let least = 0;
    for (let i = 0; i < q.tokens.length; i++) {
      const w = q.weights[i];
      const t = q.tokens[i];
      if (t.length === 1) {
        most += 0.405 * w;
        least += 0.5 * w;
        continue;
      }
      if (i >= 31 || (assumed & (1 << i)) !== 0 || (q.truncated && i === q.tokens.length - 1)) {
        most += w;
        least += w;
      } else {
        // A two-edit match, or a list initial (which counts half).
        most += Math.max(t.length >= 8 ? twoEditCredit(t.length) : 0, 0.405) * w;
        least += 0.5 * w;
      }
    }
    if (most >= (minScore >= 0.75 ? 0.65 : 0.3) * least) return { postings: all, assumed: 0 };
    return { postings: all.filter((p) => p.entries.length <= COMMON_POSTING), assumed };
  }

  /** Whether some token of the entry could be two edits from `t`: length within 2, at most 4 letters differ in presence. */
  private twoEditsAway(t: string, letters: number, entry: number): boolean {
    const shapes = this.shapes[entry];
    for (let j = 0; j < shapes.length; j += 2) {
      if (Math.abs(shapes[j] - t.length) <= 2 && popcount(shapes[j + 1] ^ letters) <= 4) return true;
    }
    return false;
  }

  /** All scored matches for a query, best first, down to `minScore` (default: the threshold). */
  screen(query: ScreenQuery, minScore = this.threshold): ScreenMatch[] {
    const q = this.prepare(query);
    const out: ScreenMatch[] = [];
    let candidates: number[];
    if (this.fullScan) candidates = this.entries.map((_, i) => i);
    else {
      const { postings, assumed } = this.walkedPostings(q, minScore);
      const found = this.index.candidates(postings, assumed);
      candidates = found.entries.filter((e) => this.mayReach(q, e, found.masks[e], minScore));
    }
    // A Latin name scores at most NAME_CAP: once a form reaches it, no later form can do better.
    const capped = q.han === undefined;
    for (const e of candidates) {
      let best: NameScore | undefined;
      for (const f of this.forms[e]) {
        const s = this.nameScore(q, f, this.entries[e]);
        if (s && (!best || s.score > best.score)) {
          best = s;
          if (capped && s.score >= NAME_CAP) break;
        }
      }
      if (!best) continue;
      const { score } = this.adjust(q, e, best, false);
      if (score < minScore) continue;
      const { reasons } = this.adjust(q, e, best, true);
      out.push({ query_id: query.query_id, list_id: this.entries[e].list_id, score: Math.round(score * 10000) / 10000, reasons });
    }
    out.sort((a, b) => b.score - a.score || a.list_id.localeCompare(b.list_id));
    return out;
  }
}
