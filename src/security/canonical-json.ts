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

/**
 * The path of the value being written, as the names and indexes leading to it: kept as a stack and
 * turned into text (`$.a[2].b`) only for an error, not built for every value written.
 */
type Trail = Array<string | number>;

function pathOf(trail: Trail): string {
  let p = '$';
  for (const k of trail) p += typeof k === 'number' ? `[${k}]` : `.${k}`;
  return p;
}

function write(v: unknown, depth: number, seen: Set<object>, trail: Trail): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`${pathOf(trail)}: ${v} is not a JSON number`);
      return JSON.stringify(v);
    case 'object':
      break;
    default:
      throw new TypeError(`${pathOf(trail)}: a ${typeof v} is not JSON`);
  }
  const obj = v as object;
  if (depth >= MAX_DEPTH) throw new TypeError(`${pathOf(trail)}: nested deeper than ${MAX_DEPTH}`);
  if (seen.has(obj)) throw new TypeError(`${pathOf(trail)}: cycle`);
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      let out = '[';
      for (let i = 0; i < obj.length; i++) {
        const item = obj[i] as unknown;
        if (i > 0) out += ',';
        if (item === undefined) out += 'null';
        else {
          trail.push(i);
          out += write(item, depth + 1, seen, trail);
          trail.pop();
        }
      }
      return out + ']';
    }
    if (!isPlainObject(obj)) throw new TypeError(`${pathOf(trail)}: a ${obj.constructor?.name ?? 'non-plain'} object is not JSON`);
    const rec = obj as Record<string, unknown>;
    let out = '{';
    let first = true;
    for (const key of Object.keys(rec).sort()) {
      const value = rec[key];
      if (value === undefined) continue;
      trail.push(key);
      const text = write(value, depth + 1, seen, trail);
      trail.pop();
      out += (first ? '' : ',') + JSON.stringify(key) + ':' + text;
      first = false;
    }
    return out + '}';
  } finally {
    seen.delete(obj);
  }
}

/** The canonical text of a JSON value; throws a TypeError naming the path of anything that is not JSON. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('$: undefined is not JSON');
  return write(value, 0, new Set(), []);
}
