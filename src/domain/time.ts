/**
 * The one date-time parser of Ringwatch: the HTTP API, the CLI and the file readers all read
 * ISO-8601 text through it, so a date that one of them refuses (2024-02-30, month 13, hour 25)
 * none of them accepts.
 */

const ISO =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function show(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
}

/**
 * Parses an ISO-8601 date or date-time (or `YYYY-MM-DD HH:MM:SS`, `YYYY/MM/DD HH:MM`) into epoch ms.
 * No offset means UTC. Returns a reason string when the text is not such a date or names an
 * impossible one (month 13, 31 April, hour 25).
 */
export function parseIsoUtc(text: string): number | string {
  const fast = parseCommonIso(text);
  if (!Number.isNaN(fast)) return fast;
  const s = text.trim();
  const m = ISO.exec(s);
  if (!m) return `is not an ISO-8601 date-time: ${show(s)}`;
  const year = +m[1];
  const month = +m[3];
  const day = +m[4];
  const hour = m[5] === undefined ? 0 : +m[5];
  const minute = m[6] === undefined ? 0 : +m[6];
  const second = m[7] === undefined ? 0 : +m[7];
  const ms = m[8] === undefined ? 0 : +(m[8] + '00').slice(0, 3);
  if (month < 1 || month > 12) return `has no month ${month}: ${show(s)}`;
  if (day < 1 || day > daysIn(year, month)) return `has no day ${day} in month ${month}: ${show(s)}`;
  if (hour > 23 || minute > 59 || second > 59) return `has an impossible time of day: ${show(s)}`;
  if (year < 1000) return `has year ${year}, before 1000: ${show(s)}`;
  let offsetMin = 0;
  const zone = m[9];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2) : 0;
    if (oh > 18 || om > 59) return `has an impossible UTC offset ${zone}: ${show(s)}`;
    offsetMin = sign * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
}

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
}

function two(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

/**
 * The hot path for the usual shapes, `YYYY-MM-DD[T ]HH:MM:SS` with an optional `.sss` and `Z`:
 * epoch ms, or NaN when the text has another shape or an impossible value (the general parser then
 * decides and explains). Gives exactly what the general parser gives.
 */
function parseCommonIso(s: string): number {
  const n = s.length;
  if (n !== 19 && n !== 20 && n !== 23 && n !== 24) return NaN;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32)) return NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  let end = 19;
  let ms = 0;
  if (n >= 23) {
    if (s.charCodeAt(19) !== 46) return NaN;
    ms = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
    end = 23;
  }
  if (n === end + 1 && s.charCodeAt(end) !== 90) return NaN;
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (year < 1000 || ms < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > daysIn(year, month)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

