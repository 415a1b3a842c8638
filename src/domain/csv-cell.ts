/** A cell a spreadsheet would run as a formula: =, +, -, @, or a leading tab or carriage return. */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 CSV cell. With `guard` (the default) text a spreadsheet would evaluate as a formula
 * (an id such as `=cmd|' /C calc'!A0`) gets a leading apostrophe, so it shows as text and never
 * runs (OWASP "CSV injection"); pass `guard = false` for cells that are numbers.
 */
export function csvCell(value: string, guard = true): string {
  const v = guard && FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
