import { formatReason, type Reason } from '../domain/decision.js';
import { contributionWords, type Words } from '../domain/feature-labels.js';
import { currencyExponent, formatMinor } from '../domain/money.js';
import type { Transaction } from '../domain/transaction.js';
import type { AccountState } from '../features/extractor.js';

/**
 * The one wire shape of the API's vocabulary, used by every route:
 *
 * - **Money** is a decimal string in major units (`"1200.50"`, exact, never a binary float) with its
 *   ISO 4217 `currency` beside it, in the same object or, for a list of amounts in one currency
 *   (a ring's evidence, an account's windows, a path), once on the object that holds them.
 * - **Times** are ISO-8601 UTC strings.
 * - **Reasons** (why a transaction was flagged) are `{rule, typology?, weight, values, contributions?, words?, accounts?, transactions?, text}`
 *   with `values` (and a model's `contributions`) an object keyed by feature name, a model's
 *   `words` ({en, zh}: its features, values and directions in plain words) and `text` the reason in
 *   one line, as the CSV output writes it; a pattern reason's `accounts` name the accounts of the
 *   pattern (a cycle of first-time links) in order.
 * - **Lists** page with `limit` and `offset` and answer `total` (all matching), `limit` and `offset`.
 */

/** Integer minor units of `currency` as a decimal string in major units. */
export function moneyFromMinor(minor: number, currency: string): string {
  return formatMinor(minor, currencyExponent(currency));
}

/** A float in major units (feature sums, converted amounts) as a decimal string rounded to the currency's minor unit. */
export function moneyFromMajor(major: number, currency: string): string {
  const e = currencyExponent(currency);
  return formatMinor(Math.round(major * 10 ** e), e);
}

export interface WireReason {
  rule: string;
  typology?: string;
  weight: number;
  values: Record<string, number | string>;
  contributions?: Record<string, number>;
  text: string;
  /** A model's reason in plain words (each feature, its value, whether it raised the risk), en and zh. */
  words?: Words;
  /** A pattern reason's accounts, in the pattern's order. */
  accounts?: string[];
  /** A pattern reason's other transactions (its hops), in the pattern's order. */
  transactions?: string[];
}

export function presentReason(r: Reason): WireReason {
  return {
    rule: r.rule,
    ...(r.typology === undefined ? {} : { typology: r.typology }),
    weight: r.weight,
    values: Object.fromEntries(r.values),
    ...(r.contributions ? { contributions: Object.fromEntries(r.contributions), words: contributionWords(r.values, r.contributions) } : {}),
    text: formatReason(r),
    ...(r.accounts ? { accounts: [...r.accounts] } : {}),
    ...(r.transactions ? { transactions: [...r.transactions] } : {}),
  };
}

export function presentReasons(reasons: readonly Reason[]): WireReason[] {
  return reasons.map(presentReason);
}

function isoOf(time: number | string): string {
  return typeof time === 'number' ? new Date(time).toISOString() : time;
}

/** A transaction on the wire: ISO time, money as a decimal string with its currency. */
export function presentTransaction(tx: Transaction): Record<string, unknown> {
  return { ...tx, time: isoOf(tx.time), amount: moneyFromMinor(tx.amount, tx.currency) };
}

/** Anything alert-like (a stored alert, a case's alert, a frozen alert): money and reasons in the wire shape. */
export function presentAlert<T extends { amount: number; currency: string; reasons: readonly Reason[]; time: number | string }>(
  a: T,
): Omit<T, 'amount' | 'reasons' | 'time'> & { amount: string; reasons: WireReason[]; time: string } {
  return { ...a, time: isoOf(a.time), amount: moneyFromMinor(a.amount, a.currency), reasons: presentReasons(a.reasons) };
}

/** One page of a list: the items under `key`, with the total and the page's bounds. */
export function page<K extends string, T>(key: K, items: T[], total: number, limit: number, offset: number): Record<K, T[]> & { total: number; limit: number; offset: number } {
  return { [key]: items, total, limit, offset } as Record<K, T[]> & { total: number; limit: number; offset: number };
}

/** The most any list answers at once, and the default page. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

/** An account's live state: window sums and day totals are in the base currency (converted at scoring time). */
export function presentAccountState(state: AccountState, currency: string): Record<string, unknown> {
  const m = (x: number): string => moneyFromMajor(x, currency);
  return {
    account: state.account, currency, first_seen: state.first_seen, last_seen: state.last_seen,
    windows: Object.fromEntries(Object.entries(state.windows).map(([label, w]) => [label, { ...w, out_sum: m(w.out_sum), in_sum: m(w.in_sum) }])),
    day: { cash: m(state.day.cash), domestic: m(state.day.domestic), cross_border: m(state.day.cross_border) },
  };
}
