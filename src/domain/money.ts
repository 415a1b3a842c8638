/**
 * Exact money handling. Amounts live as integer minor units (a safe JS integer), never as a
 * binary float parsed from a decimal; conversion to a float happens only for feature arithmetic.
 */
import { isoExponent } from './currencies.js';

/**
 * Currency names some sources write instead of ISO 4217 codes (e.g. IBM's AMLworld data:
 * "US Dollar", "Yuan"), mapped to the codes rates and exponents are kept under.
 */
const NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  'US DOLLAR': 'USD', 'DOLLAR': 'USD', 'EURO': 'EUR', 'YUAN': 'CNY', 'RENMINBI': 'CNY', 'RMB': 'CNY', 'YEN': 'JPY',
  'UK POUND': 'GBP', 'POUND': 'GBP', 'POUND STERLING': 'GBP', 'RUPEE': 'INR', 'RUBLE': 'RUB', 'SWISS FRANC': 'CHF',
  'AUSTRALIAN DOLLAR': 'AUD', 'CANADIAN DOLLAR': 'CAD', 'BRAZIL REAL': 'BRL', 'MEXICAN PESO': 'MXN',
  'SAUDI RIYAL': 'SAR', 'SHEKEL': 'ILS', 'HONG KONG DOLLAR': 'HKD', 'SINGAPORE DOLLAR': 'SGD', 'WON': 'KRW',
}));

/** Upper-cases a currency and turns a known currency name into its ISO code. */
export function normaliseCurrency(text: string): string {
  const up = text.trim().toUpperCase().replace(/\s+/g, ' ');
  return NAMES.get(up) ?? up;
}

export function currencyExponent(currency: string): number {
  return isoExponent(currency.toUpperCase());
}

const DECIMAL = /^([+-]?)(\d{1,16})(?:\.(\d+))?$/;

/**
 * Parses a decimal string in major units ("1234.50") into integer minor units.
 * Returns a string reason on failure. Extra fractional digits must be zeros (no silent rounding).
 */
export function parseDecimalMinor(text: string, exponent: number): number | string {
  const plain = plainDecimalMinor(text, exponent);
  if (plain >= 0) return plain;
  const s = text.trim().replace(/,/g, '');
  const m = DECIMAL.exec(s);
  if (!m) return `not a decimal number: ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}`;
  const [, sign, whole, frac = ''] = m;
  if (frac.length > exponent && /[1-9]/.test(frac.slice(exponent))) {
    return `has more than ${exponent} decimal places`;
  }
  const fracPart = (frac + '0'.repeat(exponent)).slice(0, exponent);
  const digits = (whole + fracPart).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return 'is too large';
  return sign === '-' ? -value : value;
}

/**
 * The common case of `parseDecimalMinor` without a regular expression or a string built: digits,
 * optionally a point and digits, nothing else ("1234.50"). Returns the minor units, or -1 for any
 * other text (signs, grouping commas, spaces, extra non-zero decimals, too many digits), which
 * the general parser then accepts or explains. Measured: 9 % of reading a 1M-row CSV went to the
 * general parser's regular expressions and strings.
 */
function plainDecimalMinor(text: string, exponent: number): number {
  const n = text.length;
  let i = 0;
  let whole = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === 0 || i > 15) return -1;
  let frac = 0;
  let kept = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 || i === n - 1) return -1;
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      if (kept < exponent) {
        frac = frac * 10 + d;
        kept++;
      } else if (d !== 0) return -1;
    }
  }
  for (; kept < exponent; kept++) frac *= 10;
  const value = whole * 10 ** exponent + frac;
  return Number.isSafeInteger(value) ? value : -1;
}

const EXPONENT_FORM = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d{1,3}$/;

/**
 * As `parseDecimalMinor`, but an amount with more decimal places than the currency has is
 * rounded to its minor unit (half to even) instead of refused, and exponent forms ("1.5e3",
 * "2e-05", as numeric exports write floats) are read. For amounts whose currency the source does
 * not name, where the unit is an assumption and a refusal would drop the row: see
 * `ValidationDefaults.roundUnnamedAmounts`. Returns the minor units and whether they were rounded,
 * or a reason.
 */
export function roundDecimalMinor(text: string, exponent: number): { minor: number; rounded: boolean } | string {
  const exact = parseDecimalMinor(text, exponent);
  if (typeof exact === 'number') return { minor: exact, rounded: false };
  const s = text.trim().replace(/,/g, '');
  const m = DECIMAL.exec(s);
  let minor: number;
  if (m) {
    const [, sign, whole, frac = ''] = m;
    const rest = frac.slice(exponent);
    minor = Number(whole + frac.slice(0, exponent).padEnd(exponent, '0'));
    const first = rest.charCodeAt(0) - 48;
    const beyondHalf = /[1-9]/.test(rest.slice(1));
    if (first > 5 || (first === 5 && (beyondHalf || minor % 2 === 1))) minor++;
    if (sign === '-' && minor !== 0) minor = -minor;
  } else if (EXPONENT_FORM.test(s)) {
    minor = Math.round(Number(s) * 10 ** exponent);
  } else return exact;
  if (!Number.isSafeInteger(minor)) return 'is too large';
  return { minor, rounded: true };
}

/** Formats integer minor units back to a decimal string in major units. */
export function formatMinor(minor: number, exponent: number): string {
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, digits.length - exponent);
  const frac = exponent === 0 ? '' : '.' + digits.slice(digits.length - exponent);
  return (neg ? '-' : '') + whole + frac;
}
