import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTimeConverter, parseIsoUtc, parseTimeFormat, parseTimeOrigin } from '../../src/ingest/time.js';
import { mulberry32, randInt } from './helpers.js';

const T = Date.UTC(2024, 2, 1, 10, 20, 30);

test('iso: the usual shapes, UTC unless an offset is given', () => {
  const iso = makeTimeConverter('iso');
  assert.equal(iso('2024-03-01T10:20:30Z'), T);
  assert.equal(iso('2024-03-01T10:20:30'), T);
  assert.equal(iso('2024-03-01 10:20:30'), T);
  assert.equal(iso(' 2024-03-01T10:20:30.000Z '), T);
  assert.equal(iso('2024-03-01T10:20:30.5Z'), T + 500);
  assert.equal(iso('2024-03-01T10:20:30.123456789Z'), T + 123);
  assert.equal(iso('2024-03-01T12:20:30+02:00'), T);
  assert.equal(iso('2024-03-01T18:20:30+0800'), T);
  assert.equal(iso('2024-03-01T05:20:30-05'), T);
  assert.equal(iso('2024/03/01 10:20'), T - 30_000);
  assert.equal(iso('2024/3/1 10:20:30'), T);
  assert.equal(iso('2024-03-01'), Date.UTC(2024, 2, 1));
  assert.equal(iso('1950-06-15T00:00:00Z'), Date.UTC(1950, 5, 15));
});

test('iso: bad values give reasons', () => {
  const iso = makeTimeConverter('iso');
  assert.equal(iso('yesterday'), 'is not an ISO-8601 date-time: "yesterday"');
  assert.match(String(iso('2024-13-01')), /has no month 13/);
  assert.match(String(iso('2023-02-29 00:00')), /has no day 29 in month 2/);
  assert.equal(iso('2024-02-29 00:00'), Date.UTC(2024, 1, 29));
  assert.match(String(iso('2024-04-31T00:00:00Z')), /has no day 31 in month 4/);
  assert.match(String(iso('2024-01-01T24:00:00Z')), /impossible time of day/);
  assert.match(String(iso('2024-01-01T00:00:00+19:00')), /impossible UTC offset/);
  assert.match(String(iso('2024-03-01/10:20')), /not an ISO-8601/);
  assert.match(String(iso(1709288430000)), /is a number; for numbers use --time-format/);
  assert.match(String(iso(null)), /must be an ISO-8601 string, got null/);
});

test('property: the fast path agrees with Date.parse on valid timestamps', () => {
  const rnd = mulberry32(99);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  for (let k = 0; k < 5000; k++) {
    const y = randInt(rnd, 1000, 2199);
    const mo = randInt(rnd, 1, 12);
    const d = randInt(rnd, 1, 31);
    const h = randInt(rnd, 0, 23);
    const mi = randInt(rnd, 0, 59);
    const s = randInt(rnd, 0, 59);
    const ms = randInt(rnd, 0, 999);
    const withMs = rnd() < 0.5;
    const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}${rnd() < 0.5 ? 'T' : ' '}${pad(h)}:${pad(mi)}:${pad(s)}${withMs ? '.' + pad(ms, 3) : ''}${rnd() < 0.5 ? 'Z' : ''}`;
    const reference = new Date(Date.UTC(y, mo - 1, d, h, mi, s, withMs ? ms : 0));
    const valid = reference.getUTCDate() === d; // day exists in that month
    const got = parseIsoUtc(text);
    if (valid) assert.equal(got, reference.getTime(), text);
    else assert.match(String(got), /has no day/, text);
  }
});

test('epoch-s and epoch-ms, integers and fractions, numbers and strings', () => {
  const s = makeTimeConverter('epoch-s');
  const ms = makeTimeConverter('epoch-ms');
  assert.equal(s('1709288430'), 1709288430000);
  assert.equal(s(1709288430.25), 1709288430250);
  assert.equal(s('1.70928843e9'), 1709288430000);
  assert.equal(ms('1709288430123'), 1709288430123);
  assert.equal(ms(' 1709288430123.6 '), 1709288430124);
  assert.equal(s('0x10'), 'is not a number of epoch seconds: "0x10"');
  assert.equal(s('Infinity'), 'is not a number of epoch seconds: "Infinity"');
  assert.equal(ms('2024-03-01'), 'is not a number of epoch milliseconds: "2024-03-01"');
  assert.equal(ms(true), 'must be a number of epoch milliseconds, got boolean');
});

test('days and hours count from the origin (default 1970-01-01T00:00:00Z), fractions allowed', () => {
  assert.equal(makeTimeConverter('days')('19783'), Date.UTC(2024, 2, 1));
  assert.equal(makeTimeConverter('hours')('1'), 3_600_000);
  const days = makeTimeConverter('days', '2024-01-01');
  assert.equal(days('0'), Date.UTC(2024, 0, 1));
  assert.equal(days('31'), Date.UTC(2024, 1, 1));
  assert.equal(days('1.5'), Date.UTC(2024, 0, 2, 12));
  assert.equal(days(2), Date.UTC(2024, 0, 3));
  assert.equal(days('-1'), Date.UTC(2023, 11, 31));
  // AMLSim's integer tran_timestamp steps, PaySim's hourly step
  const hours = makeTimeConverter('hours', '2024-01-01T00:00:00+08:00');
  assert.equal(hours('743'), Date.UTC(2023, 11, 31, 16) + 743 * 3_600_000);
  assert.equal(hours('0.25'), Date.UTC(2023, 11, 31, 16, 15));
  assert.equal(makeTimeConverter('hours', Date.UTC(2020, 0, 1))('24'), Date.UTC(2020, 0, 2));
  assert.equal(days('abc'), 'is not a number of days after the time origin: "abc"');
});

test('auto: ISO text or epoch milliseconds', () => {
  const auto = makeTimeConverter();
  assert.equal(auto('2024-03-01T10:20:30Z'), T);
  assert.equal(auto('1709288430000'), 1709288430000);
  assert.equal(auto(1709288430000), 1709288430000);
  assert.match(String(auto('soon')), /not an ISO-8601 date-time: "soon" \(or pass --time-format/);
});

test('format and origin options are checked', () => {
  assert.equal(parseTimeFormat('Epoch-S'), 'epoch-s');
  assert.throws(() => parseTimeFormat('weeks'), /--time-format: "weeks" is not one of auto, iso, epoch-s, epoch-ms, days, hours/);
  assert.equal(parseTimeOrigin('2024-01-01'), Date.UTC(2024, 0, 1));
  assert.throws(() => parseTimeOrigin('first of may'), /--time-origin: is not an ISO-8601 date-time/);
  assert.throws(() => makeTimeConverter('iso', '2024-01-01'), /--time-origin applies only to --time-format days or hours/);
});
