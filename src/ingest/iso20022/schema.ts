/**
 * A small declarative schema for the JSON dialect of ISO 20022 that Tazama's clients post, and
 * its validator. It accepts what Tazama's validator (Ajv with type coercion) accepts — numbers as
 * numeric strings, scalars as strings, a scalar wrapped in a one-element array, unknown members
 * ignored — and checks more: ISO 4217 currencies, amounts, calendar date-times, BIC, LEI, codes.
 * Every problem is reported with its JSON path; the output keeps only the known members.
 */
import {
  amountDigitsReason, bicReason, coordinateReason, ibanReason, rateReason, countryReason, currencyReason, decimalText, leiReason,
  parseIsoDate, parseIsoDateTime,
} from './formats.js';

export type StrFormat =
  | 'text' | 'id' | 'code' | 'datetime' | 'date' | 'birthdate' | 'country' | 'bic' | 'lei' | 'lat' | 'long' | 'ccy' | 'rate' | 'iban';

export type Node =
  | { t: 'str'; fmt: StrFormat; max: number; oneOf?: readonly string[] }
  | { t: 'num' }
  | { t: 'int' }
  | { t: 'money'; zero: boolean }
  | { t: 'obj'; props: Readonly<Record<string, Field>>; entries: ReadonlyArray<readonly [string, Field]> }
  | { t: 'arr'; item: Node; min: number };

export interface Field {
  node: Node;
  required: boolean;
}

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

// ---- builders -------------------------------------------------------------------------------

export const str = (fmt: StrFormat = 'text', max = 140, oneOf?: readonly string[]): Node => ({ t: 'str', fmt, max, oneOf });
export const num = (): Node => ({ t: 'num' });
export const int = (): Node => ({ t: 'int' });
/** `{Amt, Ccy}`; `zero` admits a zero amount (fees and charges). */
export const money = (zero = false): Node => ({ t: 'money', zero });
export const arr = (item: Node, min = 0): Node => ({ t: 'arr', item, min });
/** An object; a member name ending in `?` is optional. */
export function obj(props: Record<string, Node>): Node {
  const out: Record<string, Field> = {};
  for (const [k, node] of Object.entries(props)) {
    const optional = k.endsWith('?');
    out[optional ? k.slice(0, -1) : k] = { node, required: !optional };
  }
  return { t: 'obj', props: out, entries: Object.entries(out) };
}

// ---- validation -----------------------------------------------------------------------------

const MAX_DEPTH = 32;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const CODE = /^[A-Za-z0-9]{1,35}$/;

function kind(v: unknown): string {
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

class Walker {
  readonly errors: FieldError[] = [];
  readonly amounts = new Map<string, { text: string; ccy: string }>();
  readonly dates = new Map<string, number>();

  constructor(private readonly now: number) {}

  fail(field: string, reason: string): undefined {
    this.errors.push({ field, reason });
    return undefined;
  }

  walk(node: Node, v: unknown, path: string, depth: number): unknown {
    if (depth > MAX_DEPTH) return this.fail(path, 'is nested too deeply');
    switch (node.t) {
      case 'obj':
        return this.object(node.entries, v, path, depth);
      case 'arr': {
        if (!Array.isArray(v)) return this.fail(path, `must be an array, got ${kind(v)}`);
        if (v.length < node.min) return this.fail(path, `must hold at least ${node.min} element${node.min === 1 ? '' : 's'}`);
        return v.map((item, i) => this.walk(node.item, item, `${path}[${i}]`, depth + 1));
      }
      case 'str':
        return this.string(node, v, path);
      case 'num': {
        const n = toNumber(v);
        if (n === undefined) return this.fail(path, `must be a number, got ${kind(v)}`);
        const value = Number(n);
        if (!(value > 0)) return this.fail(path, 'must be positive');
        return value;
      }
      case 'int': {
        const n = toNumber(v);
        if (n === undefined || !Number.isInteger(Number(n))) return this.fail(path, `must be an integer, got ${JSON.stringify(unwrap(v))?.slice(0, 40) ?? kind(v)}`);
        return Number(n);
      }
      case 'money':
        return this.money(v, path, node.zero);
    }
  }

  private object(entries: ReadonlyArray<readonly [string, Field]>, v: unknown, path: string, depth: number): unknown {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(path, `must be an object, got ${kind(v)}`);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) {
      const [k, f] = entries[i];
      // Schema member names are ISO element names, never Object.prototype members, so a plain read is an own read.
      const value = src[k];
      if (value === undefined) {
        if (f.required) this.fail(path ? `${path}.${k}` : k, 'is required');
        continue;
      }
      const r = this.walk(f.node, value, path ? `${path}.${k}` : k, depth + 1);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }

  private string(node: Extract<Node, { t: 'str' }>, v: unknown, path: string): string | undefined {
    const s = toText(v);
    if (s === undefined) return this.fail(path, `must be a string, got ${kind(v)}`);
    if (s.length > node.max) return this.fail(path, `is longer than ${node.max} characters`);
    if (CONTROL.test(s)) return this.fail(path, 'holds control characters');
    if (node.fmt !== 'text' && s.trim() === '') return this.fail(path, 'must not be empty');
    if (node.oneOf && !node.oneOf.includes(s)) return this.fail(path, `must be one of ${node.oneOf.join(', ')}`);
    let reason: string | undefined;
    switch (node.fmt) {
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
        else if (node.fmt === 'birthdate' && t > this.now) reason = 'is in the future';
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
  private money(v: unknown, path: string, zero: boolean): unknown {
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

/** Validates `v` against `node`; `now` bounds birth dates. */
export function validate(node: Node, v: unknown, now = Date.now()): Checked {
  const w = new Walker(now);
  const value = w.walk(node, v, '', 0);
  return { value, errors: w.errors, amounts: w.amounts, dates: w.dates };
}

/**
 * The same schema with only the members `keep` accepts required (paths without array indices,
 * e.g. "A.B.Othr.Id"); every other member becomes optional. Formats and codes are still checked.
 */
export function relax(node: Node, keep: (path: string) => boolean, path = ''): Node {
  if (node.t === 'arr') return { ...node, min: keep(path) ? node.min : 0, item: relax(node.item, keep, path) };
  if (node.t !== 'obj') return node;
  const props: Record<string, Field> = {};
  for (const [k, f] of node.entries) {
    const p = path ? `${path}.${k}` : k;
    props[k] = { node: relax(f.node, keep, p), required: f.required && keep(p) };
  }
  return { t: 'obj', props, entries: Object.entries(props) };
}

/** Every required leaf and object path of a schema (for tests and docs), e.g. "A.B[0].C". */
export function requiredPaths(node: Node, path = ''): string[] {
  const out: string[] = [];
  if (node.t === 'obj') {
    for (const [k, f] of Object.entries(node.props)) {
      if (!f.required) continue;
      const p = path ? `${path}.${k}` : k;
      out.push(p);
      out.push(...requiredPaths(f.node, p));
    }
  } else if (node.t === 'arr' && node.min > 0) {
    out.push(...requiredPaths(node.item, `${path}[0]`));
  } else if (node.t === 'money') {
    out.push(`${path}.Amt`, `${path}.Ccy`);
  }
  return out;
}

/** The schema as JSON Schema, for the OpenAPI description. */
export function toJsonSchema(node: Node): Record<string, unknown> {
  switch (node.t) {
    case 'obj': {
      const required = Object.entries(node.props).filter(([, f]) => f.required).map(([k]) => k);
      const properties = Object.fromEntries(Object.entries(node.props).map(([k, f]) => [k, toJsonSchema(f.node)]));
      return { type: 'object', properties, ...(required.length ? { required } : {}) };
    }
    case 'arr':
      return { type: 'array', items: toJsonSchema(node.item), minItems: node.min };
    case 'str': {
      const fmt = node.fmt === 'datetime' ? { format: 'date-time' } : node.fmt === 'date' || node.fmt === 'birthdate' ? { format: 'date' } : {};
      return { type: 'string', maxLength: node.max, ...fmt, ...(node.oneOf ? { enum: node.oneOf } : {}), ...(node.fmt !== 'text' ? { description: node.fmt } : {}) };
    }
    case 'num':
      return { type: 'number', minimum: 0, description: 'positive' };
    case 'int':
      return { type: 'integer' };
    case 'money':
      return {
        type: 'object',
        properties: {
          Amt: { type: 'number', minimum: 0, description: 'positive, at most the currency\'s ISO 4217 minor digits, never more than 5; a numeric string is accepted' },
          Ccy: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 active code' },
        },
        required: ['Amt', 'Ccy'],
      };
  }
}
