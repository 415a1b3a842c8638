/**
 * Query-string numbers. Only plain decimal digits within the route's range are accepted, so
 * `1e308`, `0x10`, `-0`, ` 5` or a repeated parameter get a 400 naming the parameter instead
 * of reaching the store as a number it cannot bind.
 */
export function intQuery(value: unknown, def: number, min: number, max: number): number | string {
  if (value === undefined) return def;
  const reason = `must be a whole number from ${min} to ${max}`;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return reason;
  const n = Number(value);
  return n >= min && n <= max ? n : reason;
}

/** The largest sequence number or offset a query may carry (far above any table, far below 2^53). */
export const MAX_POSITION = 1e15 - 1;
