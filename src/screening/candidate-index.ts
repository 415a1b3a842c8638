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

/** Keys for a Latin token list (shared by list forms and queries). */
export function latinKeys(tokens: readonly string[], out: Set<string>, query: boolean): void {
  for (const t of tokens) {
    if (t.length < 2) continue;
    out.add(`t:${t}`);
    const sk = skeleton(t);
    if (sk.length >= 2) out.add(`s:${sk}`);
    if (t.length >= 4) for (const d of deletions(t)) out.add(`t:${d}`);
  }
  const n = tokens.length;
  if (n >= 2 && n <= 4) {
    for (let r = 0; r < n; r++) {
      const cat = [...tokens.slice(r), ...tokens.slice(0, r)].join('');
      out.add(`t:${cat}`);
      for (const d of deletions(cat)) out.add(`t:${d}`);
    }
  }
  if (query) {
    // Adjacent merges: "wei ming" reaches a list token "weiming".
    for (let i = 0; i + 1 < n; i++) {
      for (const m of [2, 3]) {
        if (i + m > n) continue;
        const cat = tokens.slice(i, i + m).join('');
        out.add(`t:${cat}`);
        for (const d of deletions(cat)) out.add(`t:${d}`);
      }
    }
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
  constructor(forms: readonly NameForm[], private readonly tonedPinyin: (s: string) => string[], private readonly entryCount: number) {
    const keys = new Set<string>();
    for (const f of forms) {
      keys.clear();
      if (f.han !== undefined) hanKeys(f, tonedPinyin, keys);
      latinKeys(f.tokens, keys, false);
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

  get keyCount(): number {
    return this.postings.size;
  }

  /** Entries sharing at least one key with the query keys. */
  candidates(keys: Iterable<string>): number[] {
    const seen = new Uint8Array(this.entryCount);
    const out: number[] = [];
    for (const k of keys) {
      const list = this.postings.get(k);
      if (!list) continue;
      for (const e of list) {
        if (seen[e] === 0) {
          seen[e] = 1;
          out.push(e);
        }
      }
    }
    return out;
  }

  /** Keys of a Han query. */
  hanQueryKeys(han: string, zihao: string | undefined): Set<string> {
    const out = new Set<string>([`h:${han}`, `p:${this.tonedPinyin(han).join(' ')}`]);
    if (zihao) out.add(`z:${zihao}`);
    return out;
  }
}
