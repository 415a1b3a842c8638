import type { Lang } from './i18n/I18nContext';

/**
 * Formatting of money, times and numbers for the two UI languages. The API sends money as exact
 * decimal strings in major units with their currency (see src/api/shape.ts); feature values in
 * reasons are numbers in the base currency's major units.
 */

const fractionDigitsCache = new Map<string, number>();

function locale(lang: Lang): string {
  return lang === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

/** Minor-unit exponent of a currency (CNY 2, JPY 0, …); 2 when the code is unknown. */
export function currencyDigits(currency: string): number {
  const cached = fractionDigitsCache.get(currency);
  if (cached !== undefined) return cached;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    digits = 2;
  }
  fractionDigitsCache.set(currency, digits);
  return digits;
}

/** Exact decimal string of an integer amount in minor units, e.g. (5000050, 2) → "50000.50". */
export function minorToDecimal(amount: number | string, digits: number): string {
  const text = String(amount).trim();
  if (!/^-?\d+$/.test(text)) return text;
  const negative = text.startsWith('-');
  const abs = (negative ? text.slice(1) : text).padStart(digits + 1, '0');
  const int = digits === 0 ? abs : abs.slice(0, abs.length - digits);
  const frac = digits === 0 ? '' : abs.slice(abs.length - digits);
  return `${negative ? '-' : ''}${int.replace(/^0+(?=\d)/, '')}${frac ? `.${frac}` : ''}`;
}

function formatDecimalMoney(decimal: string, currency: string, lang: Lang, digits: number): string {
  try {
    const nf = new Intl.NumberFormat(locale(lang), {
      style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: digits, maximumFractionDigits: digits,
    });
    // Intl accepts exact decimal strings (ES2023 Intl.NumberFormat v3).
    return nf.format(decimal as unknown as number);
  } catch {
    return `${decimal} ${currency}`;
  }
}

/** Money as the API sends it: a decimal string in major units, e.g. ("50000.50", 'CNY') → "CNY 50,000.50". */
export function formatMoney(amount: string, currency: string | undefined, lang: Lang): string {
  const cur = (currency || 'CNY').toUpperCase();
  const digits = currencyDigits(cur);
  return formatDecimalMoney(amount, cur, lang, digits);
}

/** Money in integer minor units, e.g. (5000050, 'CNY') → "CNY 50,000.50". */
export function formatMinor(amount: number | string, currency: string | undefined, lang: Lang): string {
  const cur = (currency || 'CNY').toUpperCase();
  const digits = currencyDigits(cur);
  return formatDecimalMoney(minorToDecimal(amount, digits), cur, lang, digits);
}

/** Money in major units (feature values are CNY major units). */
export function formatMajor(amount: number, currency: string, lang: Lang): string {
  const cur = currency.toUpperCase();
  const digits = currencyDigits(cur);
  return formatDecimalMoney(amount.toFixed(digits), cur, lang, digits);
}

export function formatNumber(value: number, lang: Lang, maxFraction = 2): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: maxFraction }).format(value);
}

export function formatPercent(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** A 0–1 score with two decimals. */
export function formatScore(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : '—';
}

const dateTimeCache = new Map<Lang, Intl.DateTimeFormat>();

/** An ISO time in the browser's time zone, "2024-05-01 13:04:05". */
export function formatTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  let f = dateTimeCache.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    });
    dateTimeCache.set(lang, f);
  }
  return f.format(new Date(ms));
}

/** A duration in seconds as the largest sensible unit, e.g. 7_948_800 → "92 days" / "92天". */
export function formatDuration(seconds: number, lang: Lang): string {
  const units: Array<[number, string, string]> = [
    [86400, ' days', '天'], [3600, ' hours', '小时'], [60, ' minutes', '分钟'], [1, ' seconds', '秒'],
  ];
  const abs = Math.abs(seconds);
  for (const [size, enUnit, zhUnit] of units) {
    if (abs >= size || size === 1) {
      const n = formatNumber(seconds / size, lang, size === 1 ? 0 : 1);
      return lang === 'zh-CN' ? `${n}${zhUnit}` : `${n}${enUnit}`;
    }
  }
  return String(seconds);
}
