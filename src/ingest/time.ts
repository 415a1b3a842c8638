import { parseIsoUtc } from '../domain/time.js';
import { IngestError } from './errors.js';

export { parseIsoUtc };

/**
 * How the `time` column is read:
 * - `auto`: an ISO-8601 date-time string, or a number of epoch milliseconds (the JSON edge's rule);
 * - `iso`: ISO-8601 (`2024-03-01T10:00:00Z`, offsets, fractions), also `YYYY-MM-DD HH:MM[:SS]` and
 *   `YYYY/MM/DD HH:MM[:SS]`; a date-time without an offset is UTC;
 * - `epoch-s`, `epoch-ms`: seconds or milliseconds since 1970-01-01T00:00:00Z;
 * - `days`, `hours`: a number (possibly fractional; AMLSim/PaySim "step" columns) after the origin.
 */
export type TimeFormat = 'auto' | 'iso' | 'epoch-s' | 'epoch-ms' | 'days' | 'hours';

export const TIME_FORMATS: readonly TimeFormat[] = ['auto', 'iso', 'epoch-s', 'epoch-ms', 'days', 'hours'];

/** Turns one raw time value into epoch milliseconds, or returns the reason it cannot. */
export type TimeConverter = (value: unknown) => number | string;

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Checks a `--time-format` value. */
export function parseTimeFormat(text: string): TimeFormat {
  const t = text.trim().toLowerCase();
  if ((TIME_FORMATS as readonly string[]).includes(t)) return t as TimeFormat;
  throw new IngestError(`--time-format: ${JSON.stringify(text)} is not one of ${TIME_FORMATS.join(', ')}`);
}

/** Parses `--time-origin` (an ISO date or date-time; UTC unless it has an offset) into epoch ms. */
export function parseTimeOrigin(text: string): number {
  const ms = parseIsoUtc(text);
  if (typeof ms === 'string') throw new IngestError(`--time-origin: ${ms}`);
  return ms;
}

function show(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite decimal number from a number or numeric string (no hex, no Infinity), else undefined. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (!NUMBER.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * Builds the converter for a time format. `origin` (epoch ms or ISO text; default
 * 1970-01-01T00:00:00Z) applies to `days` and `hours` only; giving it with another format is an error.
 * Results are rounded to whole milliseconds; range checks are left to validateTransaction.
 */
export function makeTimeConverter(format: TimeFormat = 'auto', origin?: number | string): TimeConverter {
  if (origin !== undefined && format !== 'days' && format !== 'hours') {
    throw new IngestError(`--time-origin applies only to --time-format days or hours, not ${format}`);
  }
  const base = origin === undefined ? 0 : typeof origin === 'number' ? origin : parseTimeOrigin(origin);
  if (!Number.isFinite(base)) throw new IngestError('--time-origin: must be a finite number of epoch milliseconds');

  const numeric = (unit: number, offset: number, what: string): TimeConverter => (value) => {
    const n = toNumber(value);
    if (n === undefined) {
      return typeof value === 'string'
        ? `is not a number of ${what}: ${show(value.trim())}`
        : `must be a number of ${what}, got ${kind(value)}`;
    }
    return Math.round(offset + n * unit);
  };

  switch (format) {
    case 'epoch-ms':
      return numeric(1, 0, 'epoch milliseconds');
    case 'epoch-s':
      return numeric(1000, 0, 'epoch seconds');
    case 'days':
      return numeric(MS_PER_DAY, base, 'days after the time origin');
    case 'hours':
      return numeric(MS_PER_HOUR, base, 'hours after the time origin');
    case 'iso':
      return (value) => {
        if (typeof value === 'string') return parseIsoUtc(value);
        if (typeof value === 'number') return 'is a number; for numbers use --time-format epoch-s, epoch-ms, days or hours';
        return `must be an ISO-8601 string, got ${kind(value)}`;
      };
    case 'auto':
      return (value) => {
        const n = toNumber(value);
        if (n !== undefined) return Math.round(n);
        if (typeof value === 'string') {
          const r = parseIsoUtc(value);
          return typeof r === 'string' ? `${r} (or pass --time-format epoch-s|epoch-ms|days|hours)` : r;
        }
        return `must be an ISO-8601 string or epoch milliseconds, got ${kind(value)}`;
      };
    default:
      throw new IngestError(`unknown time format ${JSON.stringify(format satisfies never)}`);
  }
}
