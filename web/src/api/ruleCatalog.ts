import { useEffect, useState } from 'react';
import * as api from './endpoints';
import type { Rule } from './types';

/** The rule catalogue (GET /v1/rules), loaded once per session and shared by the pages. */

let cache: Promise<Map<string, Rule>> | null = null;

export function loadRuleCatalog(): Promise<Map<string, Rule>> {
  if (!cache) {
    cache = api.rules().then(
      (rules) => new Map(rules.map((r) => [r.id, r])),
      (e: unknown) => {
        cache = null;
        throw e;
      },
    );
  }
  return cache;
}

/** The catalogue, or an empty map while loading or when the caller may not read it. */
export function useRuleCatalog(): Map<string, Rule> {
  const [rules, setRules] = useState<Map<string, Rule>>(new Map());
  useEffect(() => {
    let live = true;
    loadRuleCatalog()
      .then((m) => live && setRules(m))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return rules;
}

export function ruleDescription(rule: Rule | undefined, lang: 'en' | 'zh-CN'): string | undefined {
  if (!rule) return undefined;
  const d = rule.description;
  if (typeof d === 'string') return d;
  return (lang === 'zh-CN' ? d.zh : d.en) ?? d.en ?? d.zh;
}
