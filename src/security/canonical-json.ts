/**
 * Canonical JSON: the one serialisation the audit chain hashes and the checkpoints sign.
 *
 * - Object keys sorted by UTF-16 code units (JavaScript's default string order), at every depth.
 * - No whitespace; strings and numbers written exactly as `JSON.stringify` writes them (the same
 *   rules as RFC 8785 for the values audit details use).
 * - Properties whose value is `undefined` are left out, as `JSON.stringify` does.
 * - Anything that is not JSON is refused with an error rather than silently changed: non-finite
 *   numbers, bigint, functions, symbols, class instances (Date, Map, Buffer, …), cycles, and
 *   nesting deeper than {@link MAX_DEPTH}.
 *
 * Because parsing canonical text and writing it again gives the same text, a stored canonical
 * string can be re-checked byte for byte.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const MAX_DEPTH = 64;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function write(v: unknown, depth: number, seen: Set<object>, path: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`${path}: ${v} is not a JSON number`);
      return JSON.stringify(v);
    case 'object':
      break;
    default:
      throw new TypeError(`${path}: a ${typeof v} is not JSON`);
  }
  const obj = v as object;
  if (depth >= MAX_DEPTH) throw new TypeError(`${path}: nested deeper than ${MAX_DEPTH}`);
  if (seen.has(obj)) throw new TypeError(`${path}: cycle`);
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const parts = Array.from(obj, (item: unknown, i) => (item === undefined ? 'null' : write(item, depth + 1, seen, `${path}[${i}]`)));
      return '[' + parts.join(',') + ']';
    }
    if (!isPlainObject(obj)) throw new TypeError(`${path}: a ${obj.constructor?.name ?? 'non-plain'} object is not JSON`);
    const rec = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(rec).sort()) {
      const value = rec[key];
      if (value === undefined) continue;
      parts.push(JSON.stringify(key) + ':' + write(value, depth + 1, seen, `${path}.${key}`));
    }
    return '{' + parts.join(',') + '}';
  } finally {
    seen.delete(obj);
  }
}

/** The canonical text of a JSON value; throws a TypeError naming the path of anything that is not JSON. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('$: undefined is not JSON');
  return write(value, 0, new Set(), '$');
}
