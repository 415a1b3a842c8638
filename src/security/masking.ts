import { isIP } from 'node:net';
import { SENSITIVE_GRADE, type FieldGrades, type MaskKind } from './grades.js';
import { can } from './permissions.js';

/**
 * Masking of personal data for display. Every function:
 * - never throws, whatever it is given (empty, very short, any Unicode, non-strings);
 * - works on user-perceived characters (grapheme clusters), so it never splits a surrogate pair
 *   or an emoji and keeps the visible length;
 * - reveals at most the characters it is documented to keep, and on short input at most half of
 *   them (a 5-character "ID number" does not keep 3 + 4 characters), so something is always hidden;
 * - is idempotent: masking a masked value changes nothing.
 */

const MASK = '*';
/** What an unknown or non-text sensitive value becomes: says nothing, not even its length. */
export const FULL_MASK = '***';
/** Fewest characters a keep-start-and-end mask hides before it keeps fewer characters. */
const MIN_HIDDEN = 4;

const SEGMENTER = Object.freeze(new Intl.Segmenter('und', { granularity: 'grapheme' }));

function graphemes(text: string): string[] {
  return Array.from(SEGMENTER.segment(text), (s) => s.segment);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * Keeps the first `start` and last `end` characters and stars the rest. When the value is shorter
 * than start + end + 4, it keeps at most half of its characters (shared out in proportion).
 */
export function keepEnds(value: string, start: number, end: number): string {
  const g = graphemes(text(value));
  const n = g.length;
  let s = start;
  let e = end;
  if (n < start + end + MIN_HIDDEN) {
    const total = start + end;
    const budget = Math.min(total, Math.floor(n / 2));
    s = total === 0 ? 0 : Math.floor((budget * start) / total);
    e = Math.min(end, budget - s);
  }
  const parts = g.map((c, i) => (i < s || i >= n - e ? c : MASK));
  const out = parts.join('');
  // Keeping a character next to a star must not glue clusters together (e.g. a kept combining
  // mark after a hidden base); if segmentation changes, hide everything rather than guess.
  const again = graphemes(out);
  if (again.length !== n || again.some((c, i) => c !== parts[i])) return MASK.repeat(n);
  return out;
}

/** Chinese resident ID number (18 or 15 characters): `110***********1234`. */
export function maskIdNumber(value: string): string {
  return keepEnds(text(value).trim(), 3, 4);
}

/** Phone number: `138****5678`; a +86 / 0086 prefix is kept as such: `+86 138****5678`. */
export function maskPhone(value: string): string {
  const t = text(value).trim();
  const m = /^(\+86|0086)([\s-]?)(1[0-9*]{10})$/.exec(t);
  if (m) return m[1] + m[2] + keepEnds(m[3], 3, 4);
  return keepEnds(t, 3, 4);
}

const NAME_SEPARATOR = /(\s+|[·・•])/u;

/** Personal name: the first character of each word, `张*`, `张**`, `J*** S***`, `买**·艾*`. */
export function maskName(value: string): string {
  return text(value)
    .split(NAME_SEPARATOR)
    .map((part, i) => (i % 2 === 1 ? part : keepEnds(part, 1, 0)))
    .join('');
}

/** Account or card number: the last four characters, `***************1234`. */
export function maskAccount(value: string): string {
  return keepEnds(text(value).trim(), 0, 4);
}

/** E-mail: the first character of the local part and the domain, `j***@example.com`. */
export function maskEmail(value: string): string {
  const t = text(value).trim();
  const at = t.lastIndexOf('@');
  if (at <= 0 || at === t.length - 1) return keepEnds(t, 1, 0);
  return keepEnds(t.slice(0, at), 1, 0) + t.slice(at);
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3}|\*)\.(\d{1,3}|\*)$/;
const V4_MAPPED = /^(::ffff:)(\d{1,3})\.(\d{1,3})\.(\d{1,3}|\*)\.(\d{1,3}|\*)$/i;
const V6_MASKED = /^[0-9a-f]{1,4}:[0-9a-f]{1,4}(:\*){6}$/i;

/** IP address: the first two octets (`192.168.*.*`) or, for IPv6, the first two groups (`2001:db8:*:*:*:*:*:*`). */
export function maskIp(value: string): string {
  const t = text(value).trim();
  const v4 = V4.exec(t);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  const mapped = V4_MAPPED.exec(t);
  if (mapped) return `${mapped[1]}${mapped[2]}.${mapped[3]}.*.*`;
  const v6 = t.replace(/%[^%]*$/, '');
  if (V6_MASKED.test(v6)) return v6;
  if (isIP(v6) === 6) {
    const head = v6.includes('::') ? v6.slice(0, v6.indexOf('::')) : v6;
    const groups = head === '' ? [] : head.split(':');
    while (groups.length < 2) groups.push('0');
    return `${groups[0]}:${groups[1]}` + ':*'.repeat(6);
  }
  return FULL_MASK;
}

/** Street address: the first six characters (province and city), `北京市朝阳区******`. */
export function maskAddress(value: string): string {
  return keepEnds(text(value).trim(), 6, 0);
}

/** Geolocation "lat,long": whole degrees only (about 100 km), `31,121`. */
export function maskGeo(value: string): string {
  const [lat, long] = text(value).split(',').map((x) => Math.trunc(Number(x)));
  return Number.isFinite(lat) && Number.isFinite(long) ? `${lat},${long}` : FULL_MASK;
}

/** Date (of birth): the year, `1985******`. */
export function maskDate(value: string): string {
  return keepEnds(text(value).trim(), 4, 0);
}

/** Masks a value the way `kind` says; null and undefined pass through, non-text values become {@link FULL_MASK}. */
export function maskValue(kind: MaskKind, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') return FULL_MASK;
  const t = text(value);
  switch (kind) {
    case 'id_number': return maskIdNumber(t);
    case 'phone': return maskPhone(t);
    case 'name': return maskName(t);
    case 'account': return maskAccount(t);
    case 'email': return maskEmail(t);
    case 'ip': return maskIp(t);
    case 'address': return maskAddress(t);
    case 'date': return maskDate(t);
    case 'geo': return maskGeo(t);
    default: return FULL_MASK;
  }
}

export interface MaskOptions {
  /**
   * Fields missing from the grade table: 'mask' (default) treats them as sensitive, so a new
   * field cannot leak before someone grades it; 'keep' shows them.
   */
  ungraded?: 'mask' | 'keep';
}

export type Masked<T> = { [K in keyof T]: T[K] | string };

/**
 * A copy of `record` with every field graded sensitive (≥ L4) masked, unless `role` holds
 * `pii.unmask` (supervisor, admin). Returns the copy and the names of the fields it masked, so the
 * caller can show that masking happened. The input is not changed; only top-level fields are
 * considered; null and undefined values are left as they are.
 */
export function maskRecord<T extends object>(
  record: T, grades: FieldGrades, role: string, options: MaskOptions = {},
): { record: Masked<T>; masked: string[] } {
  const clear = can(role, 'pii.unmask');
  const masked: string[] = [];
  const entries = Object.entries(record).map(([field, value]): [string, unknown] => {
    if (clear || value === null || value === undefined) return [field, value];
    const grade = Object.hasOwn(grades, field) ? grades[field] : undefined;
    if (grade ? grade.grade < SENSITIVE_GRADE : options.ungraded === 'keep') return [field, value];
    masked.push(field);
    return [field, grade ? maskValue(grade.mask, value) : FULL_MASK];
  });
  return { record: Object.fromEntries(entries) as Masked<T>, masked };
}
