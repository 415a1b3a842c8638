// The ISO 20022 format checks against straightforward reference versions (the ones the fast
// paths replaced): amounts from numbers and strings, and calendar days of every month and year.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amountDigitsReason, decimalText, parseIsoDate, parseIsoDateTime } from '../../src/ingest/iso20022/formats.js';
import { createRng } from '../../src/ml/prng.js';

/** decimalText as first written: regular expressions and splits. */
function referenceDecimalText(v: number | string): string | { reason: string } {
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { reason: 'must be a finite number' };
    s = String(v);
    if (/e/i.test(s)) return { reason: 'is out of range for an amount' };
    if (s.replace(/^-|\./g, '').replace(/^0+/, '').length > 15) {
      return { reason: 'has more than 15 digits, which a JSON number cannot carry exactly; send it as a string' };
    }
  } else {
    s = v.trim();
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { reason: 'must be a decimal number' };
    s = s.replace(/^\+/, '');
  }
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let [whole, frac = ''] = s.split('.');
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  if (neg || (/^0*$/.test(whole) && frac === '')) return { reason: 'must be positive' };
  if (frac.length > 5) return { reason: 'has more than 5 decimal places (ISO 20022 allows at most 5)' };
  if ((whole === '0' ? 0 : whole.length) + frac.length > 18) return { reason: 'has more than 18 digits' };
  return frac ? `${whole}.${frac}` : whole;
}

test('decimalText gives what the reference gives for numbers of every magnitude and precision', () => {
  const rnd = createRng(42);
  const numbers: number[] = [
    1, 10, 0.1, 0.2 + 0.1, 310.25, 1e15, 1e15 + 1, 1e16, 1e20, 1e21, 123456789012345, 1234567890123456, 0.00001, 0.000001, 1e-7, 5e-324,
    Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 999999999999999.9, 0.123456, 100.10, Infinity, -Infinity, NaN, 0, -0, -1, -0.5, 12.345678,
  ];
  for (let i = 0; i < 20_000; i++) {
    const digits = Math.floor(rnd() * 8);
    const scale = 10 ** Math.floor(rnd() * 20 - 4);
    numbers.push(Number((rnd() * scale).toFixed(digits)), rnd() * scale, -rnd() * scale, Math.round(rnd() * scale));
  }
  for (const n of numbers) assert.deepStrictEqual(decimalText(n), referenceDecimalText(n), String(n));
  for (const s of ['1', '01.50', ' 2.500 ', '+3', '-3', '.5', '5.', '0', '0.0', '1e5', '', 'x', '1234567890123456789', '0.000001', '00012.3400']) {
    assert.deepStrictEqual(decimalText(s), referenceDecimalText(s), JSON.stringify(s));
  }
});

test('amount digits against ISO 4217 minor units', () => {
  assert.equal(amountDigitsReason('12', 'JPY'), undefined);
  assert.equal(amountDigitsReason('12.5', 'JPY'), 'has 1 decimal places; JPY has 0 in ISO 4217');
  assert.equal(amountDigitsReason('12.25', 'USD'), undefined);
  assert.equal(amountDigitsReason('12.255', 'USD'), 'has 3 decimal places; USD has 2 in ISO 4217');
  assert.equal(amountDigitsReason('12.255', 'BHD'), undefined);
});

test('calendar days: every day of 1899–2200 is accepted exactly when it exists, at its UTC midnight', () => {
  for (let y = 1899; y <= 2200; y++) {
    for (let m = 0; m <= 13; m++) {
      for (const d of [0, 1, 28, 29, 30, 31, 32]) {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const t = Date.UTC(y, m - 1, d);
        const real = y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && new Date(t).getUTCDate() === d;
        const got = parseIsoDate(text);
        if (real) assert.equal(got, t, text);
        else assert.equal(typeof got, 'string', text);
        const dt = parseIsoDateTime(`${text}T12:30:00Z`);
        if (real) assert.equal(dt, t + 45_000_000, text);
        else assert.equal(typeof dt, 'string', text);
      }
    }
  }
  assert.equal(parseIsoDate('2024-02-30'), 'day 30 does not exist in 2024-02');
  assert.equal(parseIsoDate('2100-02-29'), 'day 29 does not exist in 2100-02');
  assert.equal(parseIsoDate('2000-02-29'), Date.UTC(2000, 1, 29));
});
