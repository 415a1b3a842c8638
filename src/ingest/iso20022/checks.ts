/**
 * The leaf checks of the ISO 20022 schema (strings of each format, numbers, integers, money) and
 * what they collect: errors by JSON path, exact amounts and parsed dates. Shared by the schema's
 * interpreter (schema.ts) and its compiled form (compile.ts), so both give the same messages.
 */
import {
  amountDigitsReason, bicReason, coordinateReason, ibanReason, rateReason, countryReason, currencyReason, decimalText, leiReason,
  parseIsoDate, parseIsoDateTime,
} from './formats.js';

export type StrFormat =
  | 'text' | 'id' | 'code' | 'datetime' | 'date' | 'birthdate' | 'country' | 'bic' | 'lei' | 'lat' | 'long' | 'ccy' | 'rate' | 'iban';

export interface FieldError {
  field: string;
  reason: string;
}

/** What validation found: the normalised value, the errors, and exact decimal text of each amount by path. */
export interface Checked {
  value: unknown;
  errors: FieldError[];
  amounts: Map<string, { text: string; ccy: string }>;
  dates: Map<string, number>;
}

/** A control character (U+0000–U+001F, U+007F) anywhere in `s`. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
const CODE = /^[A-Za-z0-9]{1,35}$/;

export function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Ajv's "array" coercion: a one-element array stands for its element where a scalar is expected. */
function unwrap(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 && (v[0] === null || typeof v[0] !== 'object') ? v[0] : v;
}

function toText(v: unknown): string | undefined {
  v = unwrap(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return '';
  return undefined;
}

function toNumber(v: unknown): number | string | undefined {
  v = unwrap(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const s = v.trim();
    return s !== '' && Number.isFinite(Number(s)) ? s : undefined;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return 0;
  return undefined;
}

/** Collects what the checks find; each check returns the normalised value or undefined (and an error). */
export class Collector {
  readonly errors: FieldError[] = [];
  readonly amounts = new Map<string, { text: string; ccy: string }>();
  readonly dates = new Map<string, number>();

  constructor(private readonly now: number) {}

  fail(field: string, reason: string): undefined {
    this.errors.push({ field, reason });
    return undefined;
  }

  result(value: unknown): Checked {
    return { value, errors: this.errors, amounts: this.amounts, dates: this.dates };
  }

  num(v: unknown, path: string): number | undefined {
    const n = toNumber(v);
    if (n === undefined) return this.fail(path, `must be a number, got ${kind(v)}`);
    const value = Number(n);
    if (!(value > 0)) return this.fail(path, 'must be positive');
    return value;
  }

  int(v: unknown, path: string): number | undefined {
    const n = toNumber(v);
    if (n === undefined || !Number.isInteger(Number(n))) return this.fail(path, `must be an integer, got ${JSON.stringify(unwrap(v))?.slice(0, 40) ?? kind(v)}`);
    return Number(n);
  }

  string(fmt: StrFormat, max: number, oneOf: readonly string[] | undefined, v: unknown, path: string): string | undefined {
    const s = toText(v);
    if (s === undefined) return this.fail(path, `must be a string, got ${kind(v)}`);
    if (s.length > max) return this.fail(path, `is longer than ${max} characters`);
    if (hasControl(s)) return this.fail(path, 'holds control characters');
    if (fmt !== 'text' && s.trim() === '') return this.fail(path, 'must not be empty');
    if (oneOf && !oneOf.includes(s)) return this.fail(path, `must be one of ${oneOf.join(', ')}`);
    let reason: string | undefined;
    switch (fmt) {
      case 'datetime': {
        const t = parseIsoDateTime(s);
        if (typeof t === 'string') reason = t;
        else this.dates.set(path, t);
        break;
      }
      case 'date':
      case 'birthdate': {
        const t = parseIsoDate(s);
        if (typeof t === 'string') reason = t;
        else if (fmt === 'birthdate' && t > this.now) reason = 'is in the future';
        else this.dates.set(path, t);
        break;
      }
      case 'code':
        if (!CODE.test(s)) reason = 'must be a code of letters and digits';
        break;
      case 'country':
        reason = countryReason(s);
        break;
      case 'bic':
        reason = bicReason(s);
        break;
      case 'lei':
        reason = leiReason(s);
        break;
      case 'iban':
        reason = ibanReason(s);
        break;
      case 'lat':
        reason = coordinateReason(s, 90);
        break;
      case 'long':
        reason = coordinateReason(s, 180);
        break;
      case 'ccy':
        reason = currencyReason(s);
        break;
      case 'rate':
        reason = rateReason(s);
        break;
      default:
    }
    return reason ? this.fail(path, reason) : s;
  }

  /** `{Amt, Ccy}`: a positive amount with at most the currency's minor digits. */
  money(v: unknown, path: string, zero: boolean): unknown {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(path, `must be an object, got ${kind(v)}`);
    const src = v as Record<string, unknown>;
    let ccy: string | undefined;
    if (src.Ccy === undefined) this.fail(`${path}.Ccy`, 'is required');
    else {
      const s = toText(src.Ccy);
      if (s === undefined) this.fail(`${path}.Ccy`, `must be a string, got ${kind(src.Ccy)}`);
      else if (!this.check(`${path}.Ccy`, currencyReason(s))) ccy = s;
    }
    let text: string | undefined;
    if (src.Amt === undefined) this.fail(`${path}.Amt`, 'is required');
    else {
      const n = toNumber(src.Amt);
      if (n === undefined) this.fail(`${path}.Amt`, `must be a number, got ${kind(src.Amt)}`);
      else {
        const t = zero && Number(n) === 0 ? '0' : decimalText(n);
        if (typeof t === 'string') text = t;
        else this.fail(`${path}.Amt`, t.reason);
      }
    }
    if (text === undefined || ccy === undefined || this.check(`${path}.Amt`, amountDigitsReason(text, ccy))) return undefined;
    this.amounts.set(path, { text, ccy });
    return { Amt: Number(text), Ccy: ccy };
  }

  private check(field: string, reason: string | undefined): boolean {
    if (reason) this.fail(field, reason);
    return reason !== undefined;
  }
}
