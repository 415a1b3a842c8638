/**
 * Candidate index: maps keys to the entries that carry them, so a query is compared only with
 * entries sharing a key. Keys: whole tokens, their one-deletion neighbours (any token within one
 * edit or transposition shares a key), phonetic skeletons, the concatenated letters of each
 * rotation (and their one-deletions), and for Han names the name, its one-character deletions and
 * its toned pinyin (homophones), and a company's 字号.
 */
import { skeleton } from './similarity.js';
import type { NameForm } from './forms.js';

/** One-deletion neighbourhood of a string (itself excluded). */
export function deletions(s: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  out.delete(s);
  return [...out];
}

/** Receives a key and the bit mask of the query tokens it stands for. */
export type KeySink = (key: string, mask: number) => void;

/**
 * Adds `t:` keys for the one-deletion neighbours of `s`, each with `mask`, without collecting them
 * first (a neighbour made twice, from a doubled letter, is added twice: every sink keeps a key once).
 */
function addDeletions(s: string, mask: number, add: KeySink): void {
  for (let i = 0; i < s.length; i++) {
    // Deleting either letter of a doubled pair gives the same string: make it once.
    if (i > 0 && s.charCodeAt(i) === s.charCodeAt(i - 1)) continue;
    add(`t:${s.slice(0, i)}${s.slice(i + 1)}`, mask);
  }
}

function maskOf(from: number, count: number): number {
  let m = 0;
  for (let i = from; i < from + count && i < 31; i++) m |= 1 << i;
  return m;
}

/**
 * Keys for a Latin token list (shared by list forms and queries). `standalone` false leaves out the
 * single-token keys (a romanised Chinese surname alone names too many people to be a key).
 */
export function latinKeys(tokens: readonly string[], add: KeySink, query: boolean, standalone = true, skel: (t: string) => string = skeleton): void {
  const n = tokens.length;
  if (standalone || n === 1) {
    tokens.forEach((t, i) => {
      if (t.length < 2) return;
      const m = maskOf(i, 1);
      add(`t:${t}`, m);
      const sk = skel(t);
      if (sk.length >= 3) add(`s:${sk}`, m);
      if (t.length >= 4) addDeletions(t, m, add);
    });
  } else {
    // The given name (last token of a [surname, given] form) stays a key.
    const t = tokens[n - 1];
    add(`t:${t}`, 0);
    if (t.length >= 4) addDeletions(t, 0, add);
  }
  if (n >= 2 && n <= 4) {
    for (let r = 0; r < n; r++) {
      const cat = [...tokens.slice(r), ...tokens.slice(0, r)].join('');
      add(`t:${cat}`, maskOf(0, n));
      // Typos in a long concatenation are found through its tokens; short ones need these keys.
      if (cat.length <= (query ? 17 : 16)) addDeletions(cat, maskOf(0, n), add);
    }
  }
  if (query) {
    // Adjacent merges: "wei ming" reaches a list token "weiming".
    for (let i = 0; i + 1 < n; i++) {
      for (const m of [2, 3]) {
        if (i + m > n) continue;
        add(`t:${tokens.slice(i, i + m).join('')}`, maskOf(i, m));
      }
    }
    if (n > 4) add(`t:${tokens.join('')}`, maskOf(0, n));
  }
}

/** Keys for a Han form (list side). */
function hanKeys(form: NameForm, tonedPinyin: (s: string) => string[], out: Set<string>): void {
  const h = form.han as string;
  out.add(`h:${h}`);
  if (form.company) out.add(`z:${form.company.zihao}`);
  if (form.surnameLength !== undefined && form.surnameLength > 0) {
    out.add(`p:${tonedPinyin(h).join(' ')}`);
    for (let i = form.surnameLength; i < h.length; i++) out.add(`h:${h.slice(0, i)}${h.slice(i + 1)}`);
  }
}

export class CandidateIndex {
  private readonly postings = new Map<string, number[]>();

  /** Builds the index over forms; `entryCount` bounds the entry ids. */
  private readonly masks: Int32Array;
  private readonly stamp: Int32Array;
  private generation = 0;

  constructor(forms: readonly NameForm[], private readonly tonedPinyin: (s: string) => string[], private readonly entryCount: number, skel: (t: string) => string) {
    this.masks = new Int32Array(entryCount);
    this.stamp = new Int32Array(entryCount);
    const keys = new Set<string>();
    const add = (k: string): void => void keys.add(k);
    for (const f of forms) {
      keys.clear();
      if (f.han !== undefined) hanKeys(f, tonedPinyin, keys);
      // Derived [surname, given] forms are not keyed by the surname alone; registered aliases keep every token.
      latinKeys(f.tokens, add, false, !f.chinese || f.origin === 'alias', skel);
      for (const k of keys) {
        let list = this.postings.get(k);
        if (!list) {
          list = [];
          this.postings.set(k, list);
        }
        if (list[list.length - 1] !== f.entry) list.push(f.entry);
      }
    }
  }

  /** The entries carrying each of the query's keys (keys no entry carries are left out), with the keys' masks. */
  lookup(keys: ReadonlyMap<string, number>): Array<{ entries: readonly number[]; mask: number }> {
    const out: Array<{ entries: readonly number[]; mask: number }> = [];
    for (const [k, mask] of keys) {
      const entries = this.postings.get(k);
      if (entries) out.push({ entries, mask });
    }
    return out;
  }

  get keyCount(): number {
    return this.postings.size;
  }

  /**
   * Entries sharing at least one key with the query, each with the OR of the masks of the query
   * tokens its keys stand for (postings from `lookup`); every entry found also gets the bits in
   * `assumed` (tokens of keys the caller chose not to walk). The arrays are reused by the next call.
   */
  candidates(postings: ReadonlyArray<{ entries: readonly number[]; mask: number }>, assumed = 0): { entries: number[]; masks: Int32Array } {
    const gen = ++this.generation;
    const out: number[] = [];
    const masks = this.masks;
    const stamp = this.stamp;
    for (const { entries, mask: m } of postings) {
      for (const e of entries) {
        if (stamp[e] !== gen) {
          stamp[e] = gen;
          masks[e] = m | assumed;
          out.push(e);
        } else masks[e] |= m;
      }
    }
    return { entries: out, masks };
  }

  /** Keys of a Han query. */
  hanQueryKeys(han: string, zihao: string | undefined): Map<string, number> {
    const out = new Map<string, number>([[`h:${han}`, -1], [`p:${this.tonedPinyin(han).join(' ')}`, -1]]);
    if (zihao) out.set(`z:${zihao}`, -1);
    return out;
  }
}
