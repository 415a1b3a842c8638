import type { Reason } from '../domain/decision.js';

/**
 * A rule whose hits on the labelled history (the training and validation slices) were nearly all
 * positives. A supervised model judges over the rules, but a trusted rule still raises REVIEW
 * where the model allows: a model learns the cases its training slice holds (on PaySim, fraud is
 * nearly always a large sum, so it scored a small mule cash-out 0.47), while a rule that names the
 * shape itself (a new account's first payment passing on what it just received) holds at any sum.
 */
export interface TrustedRule {
  id: string;
  /** The rule's version when it was measured; another version is not trusted. */
  version: number;
  /** Labelled rows it fired on, and how many of them were positive. */
  hits: number;
  positives: number;
}

/** Fewest positives a rule must have hit, so a handful of lucky hits trusts nothing. */
export const TRUST_MIN_POSITIVES = 10;
/** Least share of its hits that were positive: adding its alerts must not cost precision. */
export const TRUST_MIN_PRECISION = 0.95;

/** Counts, per rule, the labelled rows it fired on and the positives among them. */
export class RuleTally {
  private readonly hits = new Map<string, number>();
  private readonly positives = new Map<string, number>();

  /** `versions`: the rule set's rules (id → version); other reasons (a model's, screening) are not counted. */
  constructor(private readonly versions: ReadonlyMap<string, number>) {}

  observe(reasons: readonly Reason[], label: 0 | 1): void {
    for (const r of reasons) {
      if (!this.versions.has(r.rule)) continue;
      this.hits.set(r.rule, (this.hits.get(r.rule) ?? 0) + 1);
      if (label === 1) this.positives.set(r.rule, (this.positives.get(r.rule) ?? 0) + 1);
    }
  }

  /** The rules that reached both bars, by id. */
  trusted(minPositives = TRUST_MIN_POSITIVES, minPrecision = TRUST_MIN_PRECISION): TrustedRule[] {
    const out: TrustedRule[] = [];
    for (const [id, hits] of this.hits) {
      const positives = this.positives.get(id) ?? 0;
      if (positives >= minPositives && positives >= minPrecision * hits) out.push({ id, version: this.versions.get(id) ?? 0, hits, positives });
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** Reads a model file's `rules.trusted` list, naming what is wrong. */
export function parseTrustedRules(path: string, raw: unknown): TrustedRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error(`${path}: rules.trusted must be a list`);
  return raw.map((t: unknown, i): TrustedRule => {
    const r = t as Partial<TrustedRule> | null;
    const ok = r !== null && typeof r === 'object' && typeof r.id === 'string' && Number.isInteger(r.version)
      && Number.isInteger(r.hits) && Number.isInteger(r.positives) && (r.positives as number) <= (r.hits as number);
    if (!ok) throw new Error(`${path}: rules.trusted[${i}] must be {id, version, hits, positives} with positives ≤ hits`);
    return { id: r.id as string, version: r.version as number, hits: r.hits as number, positives: r.positives as number };
  });
}

/** The ids of `trusted` rules whose version is the loaded rule set's (a changed rule was not measured). */
export function activeTrustedRules(trusted: readonly TrustedRule[], versions: ReadonlyMap<string, number>): ReadonlySet<string> {
  return new Set(trusted.filter((t) => versions.get(t.id) === t.version).map((t) => t.id));
}

/** The rule set's rule versions by id. */
export function ruleVersions(rules: { readonly rules: ReadonlyArray<{ id: string; version: number }> }): Map<string, number> {
  return new Map(rules.rules.map((r) => [r.id, r.version]));
}
