/**
 * A small declarative schema for the JSON dialect of ISO 20022 that Tazama's clients post, and
 * its validator. It accepts what Tazama's validator (Ajv with type coercion) accepts — numbers as
 * numeric strings, scalars as strings, a scalar wrapped in a one-element array, unknown members
 * ignored — and checks more: ISO 4217 currencies, amounts, calendar date-times, BIC, LEI, codes.
 * Every problem is reported with its JSON path; the output keeps only the known members.
 */
import { Collector, kind, type Checked, type FieldError, type StrFormat } from './checks.js';

export type { Checked, FieldError, StrFormat } from './checks.js';

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

// ---- validation (the interpretation; compile.ts turns a schema into a function) -------------

export const MAX_DEPTH = 32;

class Walker {
  constructor(readonly c: Collector) {}

  walk(node: Node, v: unknown, path: string, depth: number): unknown {
    const c = this.c;
    if (depth > MAX_DEPTH) return c.fail(path, 'is nested too deeply');
    switch (node.t) {
      case 'obj':
        return this.object(node.entries, v, path, depth);
      case 'arr': {
        if (!Array.isArray(v)) return c.fail(path, `must be an array, got ${kind(v)}`);
        if (v.length < node.min) return c.fail(path, `must hold at least ${node.min} element${node.min === 1 ? '' : 's'}`);
        return v.map((item, i) => this.walk(node.item, item, `${path}[${i}]`, depth + 1));
      }
      case 'str':
        return c.string(node.fmt, node.max, node.oneOf, v, path);
      case 'num':
        return c.num(v, path);
      case 'int':
        return c.int(v, path);
      case 'money':
        return c.money(v, path, node.zero);
    }
  }

  private object(entries: ReadonlyArray<readonly [string, Field]>, v: unknown, path: string, depth: number): unknown {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.c.fail(path, `must be an object, got ${kind(v)}`);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) {
      const [k, f] = entries[i];
      // Schema member names are ISO element names, never Object.prototype members, so a plain read is an own read.
      const value = src[k];
      if (value === undefined) {
        if (f.required) this.c.fail(path ? `${path}.${k}` : k, 'is required');
        continue;
      }
      const r = this.walk(f.node, value, path ? `${path}.${k}` : k, depth + 1);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
}

/** Validates `v` against `node` by walking the schema; `now` bounds birth dates. */
export function validate(node: Node, v: unknown, now = Date.now()): Checked {
  const c = new Collector(now);
  return c.result(new Walker(c).walk(node, v, '', 0));
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
