import { currencyExponent } from '../../domain/money.js';

/**
 * Exact formatting for reports: amounts from integer minor units to decimal strings (BigInt, never
 * a binary float), conversion to the local currency at a decimal exchange rate, and times in the
 * reporting institution's local time.
 */

const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

function formatBig(minor: bigint, exponent: number): string {
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, digits.length - exponent);
  const frac = exponent === 0 ? '' : '.' + digits.slice(digits.length - exponent);
  return (neg ? '-' : '') + whole + frac;
}

/** Integer minor units of `currency` as a decimal string in major units ("1234.50"). */
export function formatAmount(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount ${minor} is not a whole number of minor units`);
  return formatBig(BigInt(minor), currencyExponent(currency));
}

/** Whether a text is a positive decimal exchange rate such as "7.1234". */
export function isRate(rate: unknown): rate is string {
  return typeof rate === 'string' && RATE.test(rate.trim()) && /[1-9]/.test(rate);
}

/**
 * `minor` units of `currency` converted to `local` at `rate` (local major units per one major
 * unit of `currency`), rounded half up to the local currency's minor unit, as a decimal string.
 */
export function convertAmount(minor: number, currency: string, local: string, rate: string): string {
  const m = RATE.exec(rate.trim());
  if (!m || !isRate(rate)) throw new RangeError(`exchange rate ${JSON.stringify(rate)} is not a positive decimal`);
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`amount ${minor} is not a whole number of minor units ≥ 0`);
  const frac = m[2] ?? '';
  const rateNum = BigInt(m[1] + frac);
  const rateDen = 10n ** BigInt(frac.length);
  const shift = currencyExponent(local) - currencyExponent(currency);
  let num = BigInt(minor) * rateNum;
  let den = rateDen;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const rounded = (2n * num + den) / (2n * den);
  return formatBig(rounded, currencyExponent(local));
}

function parts(ms: number, offsetMinutes: number): string[] {
  if (!Number.isFinite(ms)) throw new RangeError(`time ${ms} is not valid`);
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60) throw new RangeError(`UTC offset ${offsetMinutes} minutes is not valid`);
  const iso = new Date(ms + offsetMinutes * 60_000).toISOString();
  return [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13), iso.slice(14, 16), iso.slice(17, 19)];
}

/** `YYYY-MM-DDTHH:MM:SS` in local time at `offsetMinutes` from UTC (xs:dateTime without a zone, as goAML writes it). */
export function formatDateTime(ms: number, offsetMinutes = 0): string {
  const [y, mo, d, h, mi, s] = parts(ms, offsetMinutes);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

/** `YYYYMMDDHHMMSS` in local time (the PBOC report's time format). */
export function formatCompactTime(ms: number, offsetMinutes = 480): string {
  return parts(ms, offsetMinutes).join('');
}

/** `YYYYMMDD` in local time. */
export function formatCompactDate(ms: number, offsetMinutes = 480): string {
  return parts(ms, offsetMinutes).slice(0, 3).join('');
}
