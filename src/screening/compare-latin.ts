/**
 * Order-free comparison of Latin name tokens: adjacent tokens merge when their concatenation is a
 * token of the other side (Wei Ming ↔ Weiming, ZhangWeiming ↔ Zhang Weiming), tokens align
 * greedily by similarity (exact, phonetic, edit distance, initials, truncated tail), and the score
 * weighs matched and unmatched parts by rarity. A second measure compares the concatenated letters
 * in each rotation of the tokens.
 */
import { mayBeWithin, osaDistance, tokenSim, withinOneEdit, type TokenSim, type TokenSimOptions } from './similarity.js';

export interface LatinCompareOptions {
  /** Person names tolerate unmatched list tokens (a dropped middle name); entities do not. */
  person: boolean;
  /** The query looks cut at a fixed width: its last token may be a prefix, trailing list tokens may be missing. */
  truncated: boolean;
  /** Rarity weight of a token in (0, 1]. */
  weight: (token: string) => number;
  /** Phonetic skeleton matching allowed (not for romanised Chinese, where it merges different names). */
  phonetic: boolean;
  skeleton: (token: string) => string;
  /** Spelling edits allowed within a token (default 1, 2 for long tokens when phonetic). */
  edits?: number;
  /** Skeletons and weights of the query's and the list form's tokens, aligned with them. */
  qSkel?: readonly string[];
  cSkel?: readonly string[];
  qWeight?: readonly number[];
  cWeight?: readonly number[];
  /** A list token the candidate index does not key (a derived form's surname): its match alone is not evidence. */
  unkeyedCand?: string;
}

export interface LatinComparison {
  score: number;
  /** Human-readable account of how parts matched. */
  detail: string;
}

/** Merges adjacent tokens of `a` whose concatenation (2 or 3 tokens) equals a token of `b`. */
export function mergeAgainst(a: readonly string[], b: readonly string[]): string[] {
  if (a.length < 2) return a as string[];
  let longest = 0;
  for (const t of b) if (t.length > longest) longest = t.length;
  const out: string[] = [];
  let i = 0;
  let changed = false;
  while (i < a.length) {
    const two = i + 1 < a.length && a[i].length + a[i + 1].length <= longest ? a[i] + a[i + 1] : '';
    const three = two !== '' && i + 2 < a.length ? two + a[i + 2] : '';
    if (three !== '' && b.includes(three)) {
      out.push(three);
      i += 3;
      changed = true;
    } else if (two !== '' && b.includes(two)) {
      out.push(two);
      i += 2;
      changed = true;
    } else out.push(a[i++]);
  }
  return changed ? out : (a as string[]);
}

interface Pair {
  qi: number;
  ci: number;
  s: TokenSim;
}

const NO_MATCH: LatinComparison = { score: 0, detail: 'no part matched' };
const NO_LETTERS: LatinComparison = { score: 0, detail: '' };

/**
 * A token alignment that scored: the account of it (`detail`) is written only when read — most
 * comparisons are never reported.
 */
class TokenAlignment implements LatinComparison {
  constructor(
    readonly score: number,
    private readonly q: readonly string[],
    private readonly c: readonly string[],
    private readonly used: readonly Pair[],
    private readonly qUsed: readonly number[],
    private readonly cUsed: readonly number[],
    /** List tokens from here on are forgiven (a cut-off query), not reported as missing. */
    private readonly forgivenFrom: number,
  ) {}

  get detail(): string {
    const { q, c } = this;
    let text = `parts ${this.used.map((p) => (p.s.how === 'exact' ? q[p.qi] : `${q[p.qi]}~${c[p.ci]}(${p.s.how})`)).join(' ')}`;
    const missingQ = q.filter((_, i) => this.qUsed[i] !== 1);
    const missingC = c.filter((_, i) => this.cUsed[i] !== 1 && i < this.forgivenFrom);
    if (missingQ.length > 0) text += `; query only ${missingQ.join(' ')}`;
    if (missingC.length > 0) text += `; list only ${missingC.join(' ')}`;
    return text;
  }
}

/** Token alignment score. */
export function compareTokens(query: readonly string[], cand: readonly string[], opt: LatinCompareOptions): LatinComparison {
  const q = mergeAgainst(query, cand);
  const c = mergeAgainst(cand, q);
  // Precomputed skeletons and weights hold while no merge changed the tokens.
  const qSkel = q === query ? opt.qSkel : undefined;
  const cSkel = c === cand ? opt.cSkel : undefined;
  const qW = q === query ? opt.qWeight : undefined;
  const cW = c === cand ? opt.cWeight : undefined;
  let pairs: Pair[] | undefined;
  const simOpt: TokenSimOptions = { truncatedTail: false, phonetic: opt.phonetic, skeleton: opt.skeleton, edits: opt.edits, qSkel: undefined, cSkel: undefined };
  for (let qi = 0; qi < q.length; qi++) {
    simOpt.truncatedTail = opt.truncated && qi === q.length - 1;
    simOpt.qSkel = qSkel?.[qi];
    for (let ci = 0; ci < c.length; ci++) {
      simOpt.cSkel = cSkel?.[ci];
      const s = tokenSim(q[qi], c[ci], simOpt);
      if (s.sim > 0) (pairs ??= []).push({ qi, ci, s });
    }
  }
  if (pairs === undefined) return NO_MATCH;
  if (pairs.length > 1) pairs.sort((x, y) => y.s.sim - x.s.sim || x.ci - y.ci);
  // Flags of the tokens aligned (1); plain arrays, cheaper to make than typed ones.
  const qUsed: number[] = [];
  const cUsed: number[] = [];
  let matched = 0;
  let denom = 0;
  let full = 0;
  let exact = 0;
  let keyed = 0;
  const used: Pair[] = [];
  for (const p of pairs) {
    if (qUsed[p.qi] === 1 || cUsed[p.ci] === 1) continue;
    const how = p.s.how;
    const qt = q[p.qi];
    if (how === 'initial' && qt.length === 1 && c[p.ci].length === 1) continue;
    qUsed[p.qi] = 1;
    cUsed[p.ci] = 1;
    const initial = how === 'initial';
    // The query token's weight: the candidate index's upper bound (Screener.mayReach) relies on it.
    const wq = qW ? qW[p.qi] : opt.weight(qt);
    const w = initial ? 0.5 * wq : wq;
    matched += w * p.s.sim * p.s.sim;
    denom += w;
    if (!initial && qt.length > 1) full++; // initials alone, even spelled alike, are no evidence
    // Evidence the candidate index can find: a whole token spelled alike, phonetically or one edit away.
    if (qt.length > 1 && c[p.ci] !== opt.unkeyedCand && (how === 'exact' || how === 'phonetic' || (how === 'edit' && p.s.edits === 1))) keyed++;
    if (how === 'exact') exact++;
    used.push(p);
  }
  for (let i = 0; i < q.length; i++) if (qUsed[i] !== 1) denom += qW ? qW[i] : opt.weight(q[i]);
  // Trailing list tokens after the last matched one are forgiven for a cut-off query.
  let lastMatched = -1;
  for (let i = 0; i < c.length; i++) if (cUsed[i] === 1) lastMatched = i;
  const forgivenFrom = opt.truncated ? lastMatched + 1 : c.length;
  const factor = opt.person && full >= 2 ? 0.3 : 1;
  for (let i = 0; i < forgivenFrom; i++) if (cUsed[i] !== 1) denom += factor * (cW ? cW[i] : opt.weight(c[i]));
  if (full === 0 || keyed === 0 || denom === 0) return NO_MATCH;
  // A name none of whose parts is spelled as listed is weaker evidence than the mean suggests.
  const score = exact === 0 && full >= 2 ? (matched / denom) * 0.92 : matched / denom;
  return new TokenAlignment(score, q, c, used, qUsed, cUsed, forgivenFrom);
}

/** Rotations of the token list, concatenated (all of them up to 4 tokens, else three). */
export function rotations(tokens: readonly string[]): string[] {
  const n = tokens.length;
  const out: string[] = [];
  for (let r = 0; r < n; r++) {
    if (n > 4 && r !== 0 && r !== 1 && r !== n - 1) continue;
    out.push([...tokens.slice(r), ...tokens.slice(0, r)].join(''));
  }
  return out;
}

/**
 * Concatenated-letters comparison (spacing-free: ZHANGWEIMING, Wei Ming Zhang, Chang Hsuehliang).
 * One edit is allowed from 7 letters, two from 12 (at most `maxEdits`).
 */
export function compareConcat(qc: string, candRotations: readonly string[], maxEdits = 2, perEdit?: number): LatinComparison {
  if (qc.length < 3) return NO_LETTERS;
  let best = 99;
  let bestForm = '';
  for (const cc of candRotations) {
    if (Math.abs(cc.length - qc.length) > maxEdits) continue;
    const shorter = Math.min(qc.length, cc.length);
    const maxEd = Math.min(maxEdits, shorter >= 12 ? 2 : shorter >= 7 ? 1 : 0);
    const d = qc === cc ? 0 : maxEd === 0 ? 1 : withinOneEdit(qc, cc) ? 1 : maxEd === 1 || !mayBeWithin(qc, cc, maxEd) ? maxEd + 1 : osaDistance(qc, cc, maxEd);
    if (d <= maxEd && d < best) {
      best = d;
      bestForm = cc;
    }
  }
  if (best === 99) return NO_LETTERS;
  const len = Math.max(qc.length, bestForm.length);
  const score = best === 0 ? 0.97 : 0.97 - best * (perEdit ?? (len >= 10 ? 0.06 : 0.08));
  return { score, detail: best === 0 ? `letters equal ${bestForm}` : `letters ${qc}~${bestForm} (${best} edit${best > 1 ? 's' : ''})` };
}
