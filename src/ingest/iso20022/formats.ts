/**
 * Format checks for ISO 20022 data types, each returning a reason on failure (undefined when
 * the value is fine). Stricter than Tazama, which checks types only.
 */
import { isoMinorUnits } from './currencies.js';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1];
}

function calendarReason(y: number, mo: number, d: number): string | undefined {
  if (y < MIN_YEAR || y > MAX_YEAR) return `year ${y} is outside ${MIN_YEAR}..${MAX_YEAR}`;
  if (mo < 1 || mo > 12) return `month ${mo} does not exist`;
  if (d < 1 || d > daysIn(y, mo)) return `day ${d} does not exist in ${y}-${String(mo).padStart(2, '0')}`;
  return undefined;
}

/**
 * An ISO 8601 date-time as ISO 20022 writes it (YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]) on a real
 * calendar day and clock time. Without an offset it is read as UTC. Returns epoch ms or a reason.
 */
export function parseIsoDateTime(s: string): number | string {
  const m = DATE_TIME.exec(s);
  if (!m) return 'must be an ISO 8601 date-time such as 2026-03-01T10:00:00.000Z';
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const se = Number(m[6]);
  const bad = calendarReason(y, mo, d);
  if (bad) return bad;
  if (h > 23 || mi > 59 || se > 59) return `time ${m[4]}:${m[5]}:${m[6]} does not exist`;
  if (m[9] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59)) return `offset ${m[8]} does not exist`;
  const ms = Date.parse(m[8] === undefined ? s + 'Z' : s);
  return Number.isNaN(ms) ? 'is not a valid date-time' : ms;
}

/** An ISO 8601 calendar date (YYYY-MM-DD) on a real day; returns epoch ms of its midnight UTC or a reason. */
export function parseIsoDate(s: string): number | string {
  const m = DATE.exec(s);
  if (!m) return 'must be an ISO 8601 date such as 1990-05-17';
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return calendarReason(y, mo, d) ?? Date.UTC(y, mo - 1, d);
}

/** BIC (ISO 9362): 4 letters or digits, a 2-letter country, 2 letters or digits, optional 3-character branch. */
export function bicReason(s: string): string | undefined {
  return /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s) ? undefined : 'is not a BIC (ISO 9362), e.g. DEUTDEFFXXX';
}

/** LEI (ISO 17442): 18 letters or digits and 2 check digits that pass ISO 7064 MOD 97-10. */
export function leiReason(s: string): string | undefined {
  if (!/^[A-Z0-9]{18}[0-9]{2}$/.test(s)) return 'is not an LEI (ISO 17442): 20 characters, the last two digits';
  let rem = 0;
  for (const ch of s) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1 ? undefined : 'fails the LEI check digits (ISO 7064 MOD 97-10)';
}

/** IBAN (ISO 13616): country, 2 check digits, up to 30 letters or digits; MOD 97-10 must give 1. */
export function ibanReason(s: string): string | undefined {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(s)) return 'is not an IBAN (ISO 13616), e.g. DE89370400440532013000';
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1 ? undefined : 'fails the IBAN check digits (ISO 7064 MOD 97-10)';
}

/** ISO 3166 alpha-2 country code shape (user-assigned codes such as ZZ included, as Tazama's data uses them). */
export function countryReason(s: string): string | undefined {
  return /^[A-Z]{2}$/.test(s) ? undefined : 'must be an ISO 3166 alpha-2 country code (two capital letters)';
}

export function currencyReason(s: string): string | undefined {
  if (isoMinorUnits(s) !== undefined) return undefined;
  if (isoMinorUnits(s.toUpperCase()) !== undefined) return `must be written as in ISO 4217: ${s.toUpperCase()}`;
  return 'is not an active ISO 4217 currency code';
}

/** Most significant digits a JSON number carries exactly through a binary double. */
const EXACT_DIGITS = 15;
const MAX_FRACTION = 5;
const MAX_TOTAL = 18;

/**
 * `decimalText` of a positive number, when it is an acceptable amount (undefined otherwise: the
 * general path then gives the reason). String(number) has no superfluous zeros and no sign, so
 * the text is the amount's canonical text once its exponent form and digit limits are excluded.
 */
function positiveNumberText(v: number): string | undefined {
  const s = String(v);
  let significant = 0;
  let dot = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) dot = i; // '.'
    else if (c < 48 || c > 57) return undefined; // 'e', 'Infinity': the general path
    else if (significant > 0 || c !== 48) significant++;
  }
  if (significant > EXACT_DIGITS) return undefined;
  const frac = dot < 0 ? 0 : s.length - dot - 1;
  const whole = dot < 0 ? s.length : dot;
  if (frac > MAX_FRACTION || (s.charCodeAt(0) === 48 ? 0 : whole) + frac > MAX_TOTAL) return undefined;
  return s;
}

/**
 * A positive decimal amount: from a JSON number or a numeric string (Tazama's coercion). Returns
 * its canonical decimal text (no exponent, no superfluous zeros) or a reason. The currency's minor
 * units are checked by `amountDigitsReason`.
 */
export function decimalText(v: number | string): string | { reason: string } {
  let s: string;
  if (typeof v === 'number' && v > 0) {
    const fast = positiveNumberText(v);
    if (fast !== undefined) return fast;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { reason: 'must be a finite number' };
    s = String(v);
    if (/e/i.test(s)) return { reason: 'is out of range for an amount' };
    if (s.replace(/^-|\./g, '').replace(/^0+/, '').length > EXACT_DIGITS) {
      return { reason: `has more than ${EXACT_DIGITS} digits, which a JSON number cannot carry exactly; send it as a string` };
    }
  } else {
    s = v.trim();
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { reason: 'must be a decimal number' };
    s = s.replace(/^\+/, '');
  }
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let [whole, frac = ''] = s.split('.');
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  if (neg || (/^0*$/.test(whole) && frac === '')) return { reason: 'must be positive' };
  if (frac.length > MAX_FRACTION) return { reason: `has more than ${MAX_FRACTION} decimal places (ISO 20022 allows at most ${MAX_FRACTION})` };
  if ((whole === '0' ? 0 : whole.length) + frac.length > MAX_TOTAL) return { reason: `has more than ${MAX_TOTAL} digits` };
  return frac ? `${whole}.${frac}` : whole;
}

/** An exchange rate (ISO 20022 BaseOneRate): positive, at most 10 decimal places and 11 digits. */
export function rateReason(s: string): string | undefined {
  const m = /^\+?(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return 'must be a positive decimal number';
  const whole = m[1].replace(/^0+/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (whole === '' && frac === '') return 'must be positive';
  if (frac.length > 10) return 'has more than 10 decimal places (ISO 20022 BaseOneRate)';
  if (whole.length + frac.length > 11) return 'has more than 11 digits (ISO 20022 BaseOneRate)';
  return undefined;
}

/** The amount's decimal places against the currency's ISO 4217 minor units. */
export function amountDigitsReason(text: string, ccy: string): string | undefined {
  const digits = isoMinorUnits(ccy);
  if (digits === undefined) return undefined; // the currency is reported on its own field
  const dot = text.indexOf('.');
  const places = dot < 0 ? 0 : text.length - dot - 1;
  return places > digits ? `has ${places} decimal places; ${ccy} has ${digits} in ISO 4217` : undefined;
}

/** A geolocation coordinate written as a decimal string (Tazama's Glctn.Lat / Glctn.Long). */
export function coordinateReason(s: string, limit: 90 | 180): string | undefined {
  if (!/^[+-]?\d{1,3}(\.\d+)?$/.test(s.trim())) return 'must be a decimal coordinate';
  return Math.abs(Number(s)) <= limit ? undefined : `must be between -${limit} and ${limit}`;
}
