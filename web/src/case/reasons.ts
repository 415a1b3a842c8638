import { ruleDescription } from '../api/ruleCatalog';
import type { CaseAlert, Reason, Rule } from '../api/types';
import type { Lang } from '../i18n/I18nContext';
import { knownRuleSentence } from '../i18n/rules';

/** Reasons as the case page shows them: one entry per rule, in plain words. */

export type Pair = [string, number | string];

/** A reason's feature values as pairs, whether the server sent an object or pairs. */
export function reasonValues(r: Reason): Pair[] {
  const v = r.values;
  if (!v) return [];
  if (Array.isArray(v)) return v.filter((p): p is Pair => Array.isArray(p) && p.length >= 2);
  return Object.entries(v);
}

export function reasonContributions(r: Reason): Map<string, number> {
  const c = r.contributions;
  if (!c) return new Map();
  return new Map(Array.isArray(c) ? c : Object.entries(c));
}

/** The rule in plain words: our sentence, else the catalogue's description, else the server's text, else the id. */
export function ruleSentence(rule: string, lang: Lang, catalog: Map<string, Rule>, text?: string): string {
  return knownRuleSentence(rule, lang) ?? ruleDescription(catalog.get(rule), lang) ?? text ?? rule;
}

export interface RuleSummary {
  rule: string;
  typology?: string;
  weight?: number;
  /** Alerts it fired on. */
  count: number;
  /** Values from the latest alert it fired on. */
  values: Pair[];
  contributions: Map<string, number>;
  text?: string;
  transactions: string[];
}

/** One summary per rule over all alerts, strongest first (weight, then how often). */
export function summariseReasons(alerts: readonly CaseAlert[]): RuleSummary[] {
  const byRule = new Map<string, RuleSummary & { latest: string }>();
  for (const a of alerts) {
    for (const r of a.reasons ?? []) {
      const prev = byRule.get(r.rule);
      const newer = !prev || a.time >= prev.latest;
      const next = {
        rule: r.rule,
        typology: newer ? r.typology ?? prev?.typology : prev.typology,
        weight: Math.max(prev?.weight ?? 0, r.weight ?? 0),
        count: (prev?.count ?? 0) + 1,
        values: newer ? reasonValues(r) : prev.values,
        contributions: newer ? reasonContributions(r) : prev.contributions,
        text: newer ? r.text ?? prev?.text : prev.text,
        transactions: [...(prev?.transactions ?? []), a.transaction_id],
        latest: newer ? a.time : prev.latest,
      };
      byRule.set(r.rule, next);
    }
  }
  return [...byRule.values()]
    .sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || b.count - a.count || (a.rule < b.rule ? -1 : 1))
    .map(({ latest: _latest, ...rest }) => rest);
}
