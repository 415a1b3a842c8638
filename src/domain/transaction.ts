import { currencyExponent, normaliseCurrency, parseDecimalMinor, roundDecimalMinor } from './money.js';
import { parseIsoUtc } from './time.js';
import { isIsoCurrency } from './currencies.js';

/** A natural person or a legal person (organisation), as PBOC reporting distinguishes them. */
export type PartyType = 'natural' | 'legal';

/** Channels we know; the set is open, any other lower-case token is accepted. */
export const KNOWN_CHANNELS = ['transfer', 'cash_in', 'cash_out', 'card', 'mobile', 'ecny', 'cross_border'] as const;

/** One money movement, validated and normalised. Field names are the wire names. */
export interface Transaction {
  id: string;
  /** Event time, epoch milliseconds UTC. */
  time: number;
  from: string;
  to: string;
  /** Exact amount in integer minor units of `currency`. */
  amount: number;
  currency: string;
  channel: string;
  from_type: PartyType;
  to_type: PartyType;
  device?: string;
  ip?: string;
  phone?: string;
  country?: string;
  counterparty_bank?: string;
  /** What the payment is for: an ISO 20022 purpose code (ExternalPurpose1Code, e.g. SALA, GDDS), upper case. */
  purpose?: string;
  /** The payer's age in whole years at the transaction's time (from the payer's date of birth). */
  payer_age?: number;
  /** Where the payment was initiated: "latitude,longitude" in decimal degrees. */
  geo?: string;
  /**
   * The payer's and the payee's names as the message carries them (ISO 20022 Dbtr/Cdtr Nm), for
   * counterparty name screening. Not stored and not part of the transaction's identity: a
   * re-sent transaction is the same whatever names it carries.
   */
  from_name?: string;
  to_name?: string;
}

export const TRANSACTION_FIELDS = [
  'id', 'time', 'from', 'to', 'amount', 'currency', 'channel', 'from_type', 'to_type',
  'device', 'ip', 'phone', 'country', 'counterparty_bank', 'purpose', 'payer_age', 'geo', 'from_name', 'to_name',
] as const;
export type TransactionField = (typeof TRANSACTION_FIELDS)[number];

export interface FieldError {
  field: string;
  reason: string;
}

/** A valid record's transaction; `rounded` when its amount was rounded to the currency's minor unit (see `roundUnnamedAmounts`). */
export type Validated = { ok: true; tx: Transaction; rounded?: true } | { ok: false; errors: FieldError[] };

export interface ValidationDefaults {
  currency: string;
  channel: string;
  party_type: PartyType;
  /**
   * For a record that names no currency (so `currency` above is assumed): an amount with more
   * decimal places than that currency has (a simulator's or a spreadsheet's floats: "32.3145",
   * "2e-05") is rounded half to even to its minor unit, and the record says so, instead of being
   * refused. Files read by the CLI set it; the HTTP API does not (a client names or is told its
   * currency, and more decimals than it has are an error there). A named currency is always exact.
   */
  roundUnnamedAmounts?: boolean;
}

export const DEFAULTS: ValidationDefaults = { currency: 'CNY', channel: 'transfer', party_type: 'natural' };

const FIELD_SET = new Set<string>(TRANSACTION_FIELDS);
export const MAX_ID = 128;
export const MAX_TEXT = 256;
export const MIN_TIME = Date.UTC(1900, 0, 1);
export const MAX_TIME = Date.UTC(2200, 0, 1);
/** What a normalised channel looks like: a short lower-case token. */
export const CHANNEL_TOKEN = /^[a-z0-9_.]{1,48}$/;

/** The party types a stored transaction may hold. */
export const PARTY_TYPES: ReadonlySet<string> = new Set<PartyType>(['natural', 'legal']);

/**
 * Spellings of the party types sources use. A Map, never a plain object: a lookup of
 * "__proto__" or "constructor" on an object literal finds Object.prototype's members.
 */
const PARTY_ALIASES: ReadonlyMap<string, PartyType> = new Map([
  ['natural', 'natural'], ['person', 'natural'], ['individual', 'natural'], ['n', 'natural'], ['p', 'natural'], ['i', 'natural'],
  ['legal', 'legal'], ['company', 'legal'], ['organisation', 'legal'], ['organization', 'legal'], ['org', 'legal'],
  ['business', 'legal'], ['corporate', 'legal'], ['l', 'legal'], ['c', 'legal'], ['entity', 'legal'],
]);

/**
 * The positions whose transaction has an id not seen at an earlier position, in the order given
 * (a count n stands for positions 0 … n − 1): the transactions an engine applies when it replays
 * them (a repeated id changes nothing).
 */
export function firstOfEachId(positions: Iterable<number> | number, txAt: (i: number) => Transaction): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (const i of typeof positions === 'number' ? Array.from({ length: positions }, (_, k) => k) : positions) {
    const id = txAt(i).id;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(i);
  }
  return out;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function text(v: unknown, field: string, max: number, errors: FieldError[]): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') {
    errors.push({ field, reason: `must be a string, got ${v === null ? 'null' : typeof v}` });
    return undefined;
  }
  const s = v.trim();
  if (s.length > max) {
    errors.push({ field, reason: `is longer than ${max} characters` });
    return undefined;
  }
  return s;
}

/** Parses an ISO-8601 string or an epoch-milliseconds number into epoch ms. */
export function parseTime(v: unknown): number | string {
  let ms: number;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'must be a finite number of epoch milliseconds';
    ms = v;
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (/^-?\d+(\.\d+)?$/.test(s)) ms = Number(s);
    else {
      // The shared calendar-strict parser: no offset means UTC; 2024-02-30 is refused, not rolled over.
      const parsed = parseIsoUtc(s);
      if (typeof parsed === 'string') return parsed;
      ms = parsed;
    }
  } else {
    return `must be an ISO-8601 string or epoch milliseconds, got ${v === null ? 'null' : typeof v}`;
  }
  if (ms < MIN_TIME || ms > MAX_TIME) return 'is outside 1900-01-01..2200-01-01';
  return Math.round(ms);
}

/**
 * An amount in minor units, and whether it was rounded: `round` (an assumed currency, see
 * `roundUnnamedAmounts`) rounds a decimal string with more places than the currency has.
 */
function parseAmount(v: unknown, currency: string, round: boolean): { minor: number; rounded: boolean } | string {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) {
      return 'a JSON number must be an integer count of minor units; send decimals as a string';
    }
    if (v < 0) return 'must not be negative';
    return { minor: v, rounded: false };
  }
  if (typeof v === 'string') {
    const exponent = currencyExponent(currency);
    const r = round ? roundDecimalMinor(v, exponent) : parseDecimalMinor(v, exponent);
    if (typeof r === 'string') return r;
    const a = typeof r === 'number' ? { minor: r, rounded: false } : r;
    if (a.minor < 0) return 'must not be negative';
    return a;
  }
  return `must be integer minor units or a decimal string, got ${v === null ? 'null' : typeof v}`;
}

/** What a normalised purpose code looks like (ISO 20022 codes are 1–35 letters and digits). */
export const PURPOSE_CODE = /^[A-Z0-9]{1,35}$/;
export const MAX_AGE = 150;
/** What a normalised geolocation looks like: "lat,long", decimal degrees. */
const GEO_TEXT = /^(-?\d{1,3}(?:\.\d{1,10})?),(-?\d{1,3}(?:\.\d{1,10})?)$/;

/** Why `geo` is not a "latitude,longitude" pair in range; undefined when it is. */
export function geoReason(geo: string): string | undefined {
  const m = GEO_TEXT.exec(geo);
  if (!m) return 'must be "latitude,longitude" in decimal degrees, e.g. "31.2304,121.4737"';
  if (Math.abs(Number(m[1])) > 90) return 'has a latitude outside -90..90';
  if (Math.abs(Number(m[2])) > 180) return 'has a longitude outside -180..180';
  return undefined;
}

/** The latitude and longitude of a normalised `geo`. */
export function geoPoint(geo: string): [number, number] {
  const comma = geo.indexOf(',');
  return [Number(geo.slice(0, comma)), Number(geo.slice(comma + 1))];
}

function parsePayerAge(v: unknown): number | string {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_AGE) return `must be whole years from 0 to ${MAX_AGE}`;
  return n;
}

/** Lower-cases a channel and turns spaces and dashes into underscores ("CASH-IN" → "cash_in"). */
export function normaliseChannel(s: string): string {
  return s.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * Validates and normalises one raw record (from JSON, NDJSON or a mapped CSV row).
 * Every problem is reported with its field; a record with any error yields no transaction.
 * `strict` rejects fields outside the transaction model (used at the API edge).
 */
export function validateTransaction(
  raw: unknown,
  defaults: ValidationDefaults = DEFAULTS,
  strict = false,
): Validated {
  const errors: FieldError[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: '(record)', reason: 'must be a JSON object' }] };
  }
  const r = raw as Record<string, unknown>;
  if (strict) {
    for (const k of Object.keys(r)) if (!FIELD_SET.has(k)) errors.push({ field: k, reason: 'is not a transaction field' });
  }
  const required = (field: TransactionField, max: number): string | undefined => {
    if (isBlank(r[field])) {
      errors.push({ field, reason: 'is required' });
      return undefined;
    }
    return text(r[field], field, max, errors);
  };
  const optional = (field: TransactionField): string | undefined =>
    isBlank(r[field]) ? undefined : text(r[field], field, MAX_TEXT, errors);

  const id = required('id', MAX_ID);
  // An id is an idempotency key: " T1 " and "T1" are different keys, so neither is silently trimmed.
  if (typeof r.id === 'string' && id !== undefined && r.id !== id) errors.push({ field: 'id', reason: 'must not start or end with white space' });
  let time = 0;
  if (isBlank(r.time)) errors.push({ field: 'time', reason: 'is required' });
  else {
    const t = parseTime(r.time);
    if (typeof t === 'string') errors.push({ field: 'time', reason: t });
    else time = t;
  }
  const from = required('from', MAX_ID);
  const to = required('to', MAX_ID);
  const currencyText = isBlank(r.currency) ? defaults.currency : text(r.currency, 'currency', 32, errors);
  const currency = currencyText === undefined ? defaults.currency : normaliseCurrency(currencyText);
  if (currencyText !== undefined && !isIsoCurrency(currency)) {
    errors.push({ field: 'currency', reason: `is not an ISO 4217 currency code (such as CNY, USD, EUR): ${JSON.stringify(currencyText.slice(0, 40))}` });
  }
  let amount = 0;
  let rounded = false;
  if (isBlank(r.amount)) errors.push({ field: 'amount', reason: 'is required' });
  else {
    const a = parseAmount(r.amount, currency, defaults.roundUnnamedAmounts === true && isBlank(r.currency));
    if (typeof a === 'string') errors.push({ field: 'amount', reason: a });
    else ({ minor: amount, rounded } = a);
  }
  let channel = defaults.channel;
  if (!isBlank(r.channel)) {
    const c = text(r.channel, 'channel', 64, errors);
    if (c !== undefined) {
      channel = normaliseChannel(c);
      if (!CHANNEL_TOKEN.test(channel)) errors.push({ field: 'channel', reason: 'must be a short token such as transfer, cash_in or card' });
    }
  }
  const partyType = (field: 'from_type' | 'to_type'): PartyType => {
    if (isBlank(r[field])) return defaults.party_type;
    const v = text(r[field], field, 32, errors);
    if (v === undefined) return defaults.party_type;
    const p = PARTY_ALIASES.get(v.toLowerCase());
    if (!p) errors.push({ field, reason: `must be natural or legal, got ${JSON.stringify(v)}` });
    return p ?? defaults.party_type;
  };
  const from_type = partyType('from_type');
  const to_type = partyType('to_type');
  const device = optional('device');
  const ip = optional('ip');
  const phone = optional('phone');
  const countryText = optional('country');
  const counterparty_bank = optional('counterparty_bank');
  const purposeText = optional('purpose');
  const purpose = purposeText?.toUpperCase();
  if (purpose !== undefined && !PURPOSE_CODE.test(purpose)) errors.push({ field: 'purpose', reason: 'must be a purpose code of 1–35 letters and digits, such as SALA or GDDS' });
  let payer_age: number | undefined;
  if (!isBlank(r.payer_age)) {
    const a = parsePayerAge(r.payer_age);
    if (typeof a === 'string') errors.push({ field: 'payer_age', reason: a });
    else payer_age = a;
  }
  const geoText = optional('geo')?.replace(/\s+/g, '');
  const geoProblem = geoText === undefined ? undefined : geoReason(geoText);
  if (geoProblem) errors.push({ field: 'geo', reason: geoProblem });
  const from_name = optional('from_name');
  const to_name = optional('to_name');

  if (errors.length > 0 || id === undefined || from === undefined || to === undefined) {
    return { ok: false, errors };
  }
  const tx: Transaction = { id, time, from, to, amount, currency, channel, from_type, to_type };
  if (device) tx.device = device;
  if (ip) tx.ip = ip;
  if (phone) tx.phone = phone;
  if (countryText) tx.country = countryText.toUpperCase();
  if (counterparty_bank) tx.counterparty_bank = counterparty_bank;
  if (purpose) tx.purpose = purpose;
  if (payer_age !== undefined) tx.payer_age = payer_age;
  if (geoText) tx.geo = geoText;
  if (from_name) tx.from_name = from_name;
  if (to_name) tx.to_name = to_name;
  return rounded ? { ok: true, tx, rounded: true } : { ok: true, tx };
}

/** Renders errors as "field: reason; field: reason". */
export function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.reason}`).join('; ');
}

/** A transfer that crosses the border: the cross-border channel, or a country other than home. */
export function isCrossBorder(tx: Pick<Transaction, 'channel' | 'country'>, homeCountry: string): boolean {
  return tx.channel === 'cross_border' || (tx.country !== undefined && tx.country !== homeCountry);
}

/** A cash channel (cash in or out at a desk, an ATM): the other side is the bank's own cash point. */
export function isCashChannel(channel: string): boolean {
  return channel.startsWith('cash') || channel === 'atm';
}
