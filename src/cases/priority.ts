import type { Reason } from '../domain/decision.js';

/**
 * Case priority: one number in [0, 1) the queue sorts on, and the plain-word reasons behind it.
 *
 * The highest alert score alone saturates (on the demo bank 403 of 1,340 cases sat at 1.00: a
 * single large, legitimate payment ranked with a 373-alert ring), so the priority is a weighted
 * sum of six factors, each in [0, 1) and each computed from what the case holds:
 *
 * | factor   | weight | value                                                                          |
 * |----------|--------|--------------------------------------------------------------------------------|
 * | peak     | 0.30   | the highest alert score                                                        |
 * | volume   | 0.25   | S / (S + 5), S = the sum of the alert scores (one alert at 1.0: 0.17; 20: 0.8) |
 * | breadth  | 0.10   | (d − 1) / (d + 1), d = distinct typologies (or rules outside one) that fired    |
 * | spread   | 0.10   | 1 − largest ÷ total alerted amount, in the currency where that is highest:     |
 * |          |        | money split over many payments (scale-free: no amount in any currency is fixed)|
 * | listed   | 0.15   | closeness to a listed account or identifier: 1 listed itself, ½ one hop, …;    |
 * |          |        | a name-screening match counts with its match score                             |
 * | ring     | 0.10   | the risk of the ring the case's subjects belong to                             |
 *
 * The weights sum to 1 and no factor reaches 1 on finite evidence (volume never does), so the
 * priority never saturates; each reason's `contribution` is its weight × value and the
 * contributions add up to the priority. Everything is kept in `RiskBasis`, an aggregate that one
 * more alert updates without reading the others, stored with the case (the queue sorts on the
 * stored priority). Same alerts, same basis, same priority: deterministic.
 */

export const PRIORITY_WEIGHTS = Object.freeze({ peak: 0.3, volume: 0.25, breadth: 0.1, spread: 0.1, listed: 0.15, ring: 0.1 });
export type PriorityFactor = keyof typeof PRIORITY_WEIGHTS;

/** Sum of alert scores at which the volume factor is one half. */
const VOLUME_HALF = 5;
/** At most this many typology names are kept (the count goes on). */
const MAX_TYPOLOGIES = 24;

/** What a case's priority is computed from; updated one alert at a time (see {@link addToBasis}). */
export interface RiskBasis {
  /** Highest alert score. */
  peak: number;
  /** Sum of the alert scores. */
  score_sum: number;
  /** Distinct typologies (a rule's id when it belongs to none) among the alerts' reasons, sorted (first MAX_TYPOLOGIES). */
  typologies: string[];
  /** How many distinct typologies, also beyond the names kept. */
  typology_count: number;
  /** Per currency: the total and the largest alerted amount (minor units). */
  amounts: Record<string, { total: number; max: number }>;
  /** Closeness to a listed entity, 0–1: 1 listed itself (or a listed device, phone, IP), 1/(1+hops) beyond. */
  listed: number;
  /** Risk of the ring of the case or its subjects, 0–1 (0: none). */
  ring_risk: number;
}

/** The alert fields the priority reads. */
export interface PriorityAlert {
  score: number;
  amount: number;
  currency: string;
  reasons: readonly Reason[];
}

export interface PriorityReason {
  factor: PriorityFactor;
  weight: number;
  /** The factor's value, 0–1. */
  value: number;
  /** weight × value: the part of the priority it accounts for. */
  contribution: number;
  /** The reason in plain words. */
  en: string;
  zh: string;
}

export function emptyBasis(): RiskBasis {
  return { peak: 0, score_sum: 0, typologies: [], typology_count: 0, amounts: {}, listed: 0, ring_risk: 0 };
}

const unit = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** Closeness to a listed entity that the alert's reasons show (0 when they show none). */
export function listedCloseness(reasons: readonly Reason[]): number {
  let best = 0;
  for (const r of reasons) {
    for (const [name, value] of r.values) {
      if (typeof value !== 'number') continue;
      if (name.endsWith('listed_near')) best = Math.max(best, unit(value));
      // A name-screening match: how surely the party (or counterparty) is the listed one.
      else if (name === 'screen_score' || name.endsWith('_screen_score')) best = Math.max(best, unit(value));
      else if (name === 'identifier_listed' && value > 0) best = 1;
    }
  }
  return best;
}

/** The typology names of an alert's reasons: the typology, else the rule id (the model's reasons count as `model`). */
function typologiesOf(reasons: readonly Reason[]): string[] {
  return reasons.map((r) => r.typology ?? r.rule);
}

/**
 * The basis with one more alert. `typologyCount` beyond the kept names is exact only while the
 * names fit; past MAX_TYPOLOGIES a new name counts once more (a case that broad has breadth ≈ 0.92 anyway).
 */
export function addToBasis(b: RiskBasis, alert: PriorityAlert, ringRisk = 0): RiskBasis {
  const names = new Set(b.typologies);
  let count = b.typology_count;
  for (const t of typologiesOf(alert.reasons)) {
    if (names.has(t)) continue;
    count++;
    if (names.size < MAX_TYPOLOGIES) names.add(t);
  }
  const amounts = { ...b.amounts };
  const amount = Math.abs(Number.isFinite(alert.amount) ? alert.amount : 0);
  const was = amounts[alert.currency] ?? { total: 0, max: 0 };
  amounts[alert.currency] = { total: was.total + amount, max: Math.max(was.max, amount) };
  const score = unit(alert.score);
  return {
    peak: Math.max(b.peak, score),
    score_sum: Math.round((b.score_sum + score) * 1e6) / 1e6,
    typologies: [...names].sort(),
    typology_count: count,
    amounts,
    listed: Math.max(b.listed, listedCloseness(alert.reasons)),
    ring_risk: Math.max(b.ring_risk, unit(ringRisk)),
  };
}

/** The basis of a set of alerts (in any order: the result is the same). */
export function basisOf(alerts: readonly PriorityAlert[], ringRisk = 0): RiskBasis {
  let b = { ...emptyBasis(), ring_risk: unit(ringRisk) };
  for (const a of alerts) b = addToBasis(b, a);
  return b;
}

/** The currency in which the alerted money is most split up, with its spread factor. */
function spreadOf(b: RiskBasis): { currency: string; value: number; ratio: number } | undefined {
  let best: { currency: string; value: number; ratio: number } | undefined;
  for (const currency of Object.keys(b.amounts).sort()) {
    const { total, max } = b.amounts[currency];
    if (!(total > 0) || !(max > 0)) continue;
    const value = 1 - max / total;
    if (!best || value > best.value) best = { currency, value, ratio: total / max };
  }
  return best;
}

/** Each factor's value, 0–1. */
export function priorityFactors(b: RiskBasis): Record<PriorityFactor, number> {
  const d = b.typology_count;
  return {
    peak: unit(b.peak),
    volume: b.score_sum > 0 ? b.score_sum / (b.score_sum + VOLUME_HALF) : 0,
    breadth: d > 1 ? (d - 1) / (d + 1) : 0,
    spread: spreadOf(b)?.value ?? 0,
    listed: unit(b.listed),
    ring: unit(b.ring_risk),
  };
}

/** The case priority, 0–1, rounded to 4 decimals (so stored and recomputed values compare equal). */
export function casePriority(b: RiskBasis): number {
  const f = priorityFactors(b);
  let p = 0;
  for (const k of Object.keys(PRIORITY_WEIGHTS) as PriorityFactor[]) p += PRIORITY_WEIGHTS[k] * f[k];
  return Math.round(unit(p) * 10_000) / 10_000;
}

const fmt = (v: number, d = 2): string => v.toFixed(d);

function words(factor: PriorityFactor, b: RiskBasis, alertCount: number): { en: string; zh: string } {
  switch (factor) {
    case 'peak':
      return { en: `its strongest alert scored ${fmt(b.peak)}`, zh: `最高警报评分 ${fmt(b.peak)}` };
    case 'volume':
      return {
        en: `${alertCount} alert${alertCount === 1 ? '' : 's'} with scores adding up to ${fmt(b.score_sum, 1)}`,
        zh: `共 ${alertCount} 条警报，评分合计 ${fmt(b.score_sum, 1)}`,
      };
    case 'breadth': {
      const names = b.typologies.slice(0, 4).join(', ') + (b.typology_count > 4 ? ', …' : '');
      return { en: `${b.typology_count} different patterns fired (${names})`, zh: `触发 ${b.typology_count} 种不同模式（${names}）` };
    }
    case 'spread': {
      const s = spreadOf(b);
      const ratio = s ? fmt(s.ratio, 1) : '1';
      const cur = s?.currency ?? '';
      return {
        en: `the alerted ${cur} money is split over many payments: ${ratio} times the largest one`,
        zh: `${cur} 警报金额分散在多笔交易中：合计为最大一笔的 ${ratio} 倍`,
      };
    }
    case 'listed': {
      if (b.listed >= 1) return { en: 'a listed account or identifier is involved directly', zh: '直接涉及名单内的账户或标识' };
      const hops = Math.max(1, Math.round(1 / b.listed - 1));
      return { en: `money is ${hops} hop${hops === 1 ? '' : 's'} from a listed account`, zh: `资金距名单内账户 ${hops} 跳` };
    }
    case 'ring':
      return { en: `its accounts belong to a ring with risk ${fmt(b.ring_risk)}`, zh: `账户属于风险为 ${fmt(b.ring_risk)} 的团伙` };
  }
}

/** Why the case has its priority: the factors that add to it, largest first, in plain words. */
export function priorityReasons(b: RiskBasis, alertCount: number): PriorityReason[] {
  const f = priorityFactors(b);
  const out: PriorityReason[] = [];
  for (const factor of Object.keys(PRIORITY_WEIGHTS) as PriorityFactor[]) {
    const value = f[factor];
    if (!(value > 0)) continue;
    const weight = PRIORITY_WEIGHTS[factor];
    out.push({ factor, weight, value: Math.round(value * 10_000) / 10_000, contribution: Math.round(weight * value * 10_000) / 10_000, ...words(factor, b, alertCount) });
  }
  return out.sort((x, y) => y.contribution - x.contribution || (x.factor < y.factor ? -1 : 1));
}
