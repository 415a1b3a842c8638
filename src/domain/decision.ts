/** The verdict for one transaction. */
export type Verdict = 'ALLOW' | 'REVIEW' | 'BLOCK';

export const VERDICTS: readonly Verdict[] = ['ALLOW', 'REVIEW', 'BLOCK'];

/** One fired rule and the feature values that made it fire. */
export interface Reason {
  rule: string;
  /** Typology the rule contributed to, when any. */
  typology?: string;
  weight: number;
  values: Array<[name: string, value: number | string]>;
  /** For model reasons: each named feature's contribution to the log-odds, parallel to `values`. */
  contributions?: Array<[name: string, contribution: number]>;
  /**
   * For pattern reasons: the accounts of the pattern the transaction completed, in order (a cycle
   * of first-time links: the payee first, the payer last). The gang finder joins them as one ring.
   */
  accounts?: string[];
  /** For pattern reasons: the transactions of the pattern's other hops, in the order of `accounts` (payee → … → payer). */
  transactions?: string[];
  /**
   * `party` when the rule's hit is evidence about one party of the transaction (a listed account
   * or identifier, a shared device) rather than about the transfer between payer and payee;
   * absent for transfer evidence and for model reasons.
   */
  evidence?: 'party';
}

/** What a rule hit is evidence of: the transfer between payer and payee, or one party of it. */
export type Evidence = 'transfer' | 'party';

/** The reason an alert carries when its transfer closed a cycle of first-time links (weight 0: it explains, it does not score). */
export const NEW_LINK_CYCLE_REASON = 'pattern.cycle_new_links';

export interface Decision {
  id: string;
  score: number;
  decision: Verdict;
  reasons: Reason[];
}

function formatValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 1000) / 1000);
}

/** "rule(feature=value,feature=value)"; the rule id alone when it read no feature. */
export function formatReason(r: Reason): string {
  if (r.values.length === 0) return r.rule;
  const c = new Map(r.contributions ?? []);
  const item = ([n, v]: [string, number | string]): string => {
    const k = c.get(n);
    return k === undefined ? `${n}=${formatValue(v)}` : `${n}=${formatValue(v)}[${k >= 0 ? '+' : ''}${formatValue(k)}]`;
  };
  return `${r.rule}(${r.values.map(item).join(',')})`;
}

/** Reasons as one `;`-separated string, as the CSV output and the store carry them. */
export function formatReasons(reasons: readonly Reason[]): string {
  return reasons.map(formatReason).join(';');
}

export function verdictRank(v: Verdict): number {
  return v === 'BLOCK' ? 2 : v === 'REVIEW' ? 1 : 0;
}
