/**
 * Dates of birth as lists carry them: YYYY-MM-DD, YYYY-MM, YYYY, or an OFAC range LO~HI.
 * Compatible means equal at the coarser precision, or inside a range; missing never conflicts.
 */

export interface DobValue {
  /** Inclusive bounds as comparable strings at full precision (YYYY-MM-DD). */
  lo: string;
  hi: string;
  /** 3 = full date, 2 = month, 1 = year, 0 = range. */
  precision: number;
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function bounds(text: string): DobValue | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (d !== undefined) return { lo: `${y}-${mo}-${d}`, hi: `${y}-${mo}-${d}`, precision: 3 };
  if (mo !== undefined) return { lo: `${y}-${mo}-01`, hi: `${y}-${mo}-31`, precision: 2 };
  return { lo: `${y}-01-01`, hi: `${y}-12-31`, precision: 1 };
}

/** Parses one value (date or LO~HI range); undefined when it is not a date. */
export function parseDob(text: string): DobValue | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const tilde = t.indexOf('~');
  if (tilde >= 0) {
    const lo = bounds(t.slice(0, tilde));
    const hi = bounds(t.slice(tilde + 1));
    if (!lo || !hi) return undefined;
    return { lo: lo.lo, hi: hi.hi, precision: 0 };
  }
  return bounds(t);
}

/** Parses a `|`-separated DOB field, skipping values that are not dates. */
export function parseDobList(field: string | undefined): DobValue[] {
  if (!field) return [];
  return field.split('|').map(parseDob).filter((d): d is DobValue => d !== undefined);
}

export type DobAgreement = 'none' | 'exact' | 'compatible' | 'conflict';

/** How a query's DOB relates to an entry's DOBs: exact (same full date), compatible, conflict or none. */
export function compareDob(query: DobValue | undefined, entry: readonly DobValue[]): { agreement: DobAgreement; value?: DobValue } {
  if (!query || entry.length === 0) return { agreement: 'none' };
  let best: { agreement: DobAgreement; value?: DobValue } = { agreement: 'conflict', value: entry[0] };
  for (const e of entry) {
    if (query.lo > e.hi || query.hi < e.lo) continue;
    if (query.precision === 3 && e.precision === 3) return { agreement: 'exact', value: e };
    best = { agreement: 'compatible', value: e };
  }
  return best;
}

/** Text of a DOB for reasons. */
export function formatDob(d: DobValue): string {
  if (d.precision === 0) return `${d.lo.slice(0, 4)}~${d.hi.slice(0, 4)}`;
  if (d.precision === 1) return d.lo.slice(0, 4);
  if (d.precision === 2) return d.lo.slice(0, 7);
  return d.lo;
}
