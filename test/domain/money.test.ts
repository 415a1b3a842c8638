import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDecimalMinor, roundDecimalMinor } from '../../src/domain/money.js';
import { validateTransaction, DEFAULTS } from '../../src/domain/transaction.js';

test('parseDecimalMinor: hand-checked amounts in minor units, and the reasons for bad ones', () => {
  assert.equal(parseDecimalMinor('1234.50', 2), 123450);
  assert.equal(parseDecimalMinor('0.01', 2), 1);
  assert.equal(parseDecimalMinor('007.5', 2), 750);
  assert.equal(parseDecimalMinor('1.000', 2), 100);
  assert.equal(parseDecimalMinor('100.00', 0), 100);
  assert.equal(parseDecimalMinor('42', 3), 42000);
  assert.equal(parseDecimalMinor('1,234.5', 2), 123450);
  assert.equal(parseDecimalMinor(' 12.30 ', 2), 1230);
  assert.equal(parseDecimalMinor('-5', 2), -500);
  assert.equal(parseDecimalMinor('9007199254740.99', 2), 900719925474099);
  assert.equal(parseDecimalMinor('1.005', 2), 'has more than 2 decimal places');
  assert.equal(parseDecimalMinor('100.5', 0), 'has more than 0 decimal places');
  assert.equal(parseDecimalMinor('9999999999999999', 2), 'is too large');
  for (const bad of ['12.', '.5', '', 'abc', '1e5', '99999999999999999', '1.2.3']) {
    assert.match(String(parseDecimalMinor(bad, 2)), /^not a decimal number/, bad);
  }
});

/** An independent reading of the grammar (BigInt arithmetic on the digits), for the property test. */
function oracle(text: string, exponent: number): number | 'error' {
  const m = /^([+-]?)(\d{1,16})(?:\.(\d+))?$/.exec(text.trim().split(',').join(''));
  if (!m) return 'error';
  const frac = m[3] ?? '';
  if (/[1-9]/.test(frac.slice(exponent))) return 'error';
  const minor = BigInt(m[2]) * 10n ** BigInt(exponent) + (exponent === 0 ? 0n : BigInt(frac.slice(0, exponent).padEnd(exponent, '0')));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return 'error';
  return m[1] === '-' ? -Number(minor) : Number(minor);
}

test('parseDecimalMinor agrees with an independent reading on 50,000 random texts (fast and general paths)', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = '0123456789000..,-+ e';
  for (let k = 0; k < 50_000; k++) {
    const len = rand(20);
    let text = '';
    for (let i = 0; i < len; i++) text += rand(4) === 0 ? alphabet[rand(alphabet.length)] : String(rand(10));
    const exponent = rand(5);
    const got = parseDecimalMinor(text, exponent);
    const want = oracle(text, exponent);
    if (want === 'error') assert.equal(typeof got, 'string', `${JSON.stringify(text)} e${exponent}: ${got}`);
    else assert.equal(got, want, `${JSON.stringify(text)} e${exponent}`);
  }
});

test('roundDecimalMinor: exact amounts as they are; more decimals rounded half to even; exponent forms read', () => {
  const r = (text: string, e = 2): unknown => roundDecimalMinor(text, e);
  assert.deepEqual(r('12.30'), { minor: 1230, rounded: false });
  assert.deepEqual(r('1.000'), { minor: 100, rounded: false });
  assert.deepEqual(r('32.3145'), { minor: 3231, rounded: true });
  assert.deepEqual(r('32.3151'), { minor: 3232, rounded: true });
  // Exact halves go to the even neighbour; anything beyond the half goes up.
  assert.deepEqual(r('0.125'), { minor: 12, rounded: true });
  assert.deepEqual(r('0.135'), { minor: 14, rounded: true });
  assert.deepEqual(r('0.1250001'), { minor: 13, rounded: true });
  assert.deepEqual(r('0.004'), { minor: 0, rounded: true });
  assert.deepEqual(r('1,234.567'), { minor: 123457, rounded: true });
  assert.deepEqual(r('-1.239'), { minor: -124, rounded: true });
  // A currency without minor units (JPY): to whole units.
  assert.deepEqual(r('12.5', 0), { minor: 12, rounded: true });
  assert.deepEqual(r('13.5', 0), { minor: 14, rounded: true });
  assert.deepEqual(r('1.5e3'), { minor: 150000, rounded: true });
  assert.deepEqual(r('2E-05'), { minor: 0, rounded: true });
  assert.deepEqual(r('3.14159e1'), { minor: 3142, rounded: true });
  for (const bad of ['abc', '', '12.', '1e', 'e5', '1.2.3', '1e9999']) assert.equal(typeof r(bad), 'string', bad);
  assert.equal(r('99999999999999.999'), 'is too large');
});

test('amounts of records that name no currency are rounded only when the reader asks for it, and never for a named currency', () => {
  const raw = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id: 'T1', time: 0, from: 'A', to: 'B', amount: '32.3145', ...extra });
  const strict = validateTransaction(raw());
  assert.equal(strict.ok, false);
  assert.deepEqual(!strict.ok && strict.errors, [{ field: 'amount', reason: 'has more than 2 decimal places' }]);
  const rounding = { ...DEFAULTS, roundUnnamedAmounts: true };
  const v = validateTransaction(raw(), rounding);
  assert.ok(v.ok);
  assert.equal(v.tx.amount, 3231);
  assert.equal(v.tx.currency, 'CNY');
  assert.equal(v.rounded, true);
  const exact = validateTransaction(raw({ amount: '32.31' }), rounding);
  assert.ok(exact.ok);
  assert.equal(exact.rounded, undefined);
  const named = validateTransaction(raw({ currency: 'USD' }), rounding);
  assert.deepEqual(!named.ok && named.errors, [{ field: 'amount', reason: 'has more than 2 decimal places' }]);
  const negative = validateTransaction(raw({ amount: '-0.129' }), rounding);
  assert.deepEqual(!negative.ok && negative.errors, [{ field: 'amount', reason: 'must not be negative' }]);
});

/** Half-to-even rounding of a plain decimal to `exponent` places with BigInt arithmetic, for the property test. */
function roundOracle(text: string, exponent: number): number | 'error' {
  const m = /^([+-]?)(\d{1,16})(?:\.(\d+))?$/.exec(text.trim().split(',').join(''));
  if (!m) return 'error';
  const frac = m[3] ?? '';
  const scale = 10n ** BigInt(frac.length);
  const value = BigInt(m[2]) * scale + (frac === '' ? 0n : BigInt(frac));
  // value / scale in major units; times 10^exponent, rounded half to even.
  const num = value * 10n ** BigInt(exponent);
  let q = num / scale;
  const r = num % scale;
  if (2n * r > scale || (2n * r === scale && q % 2n === 1n)) q += 1n;
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) return 'error';
  return m[1] === '-' && q !== 0n ? -Number(q) : Number(q);
}

test('roundDecimalMinor agrees with half-to-even BigInt rounding on 50,000 random decimals', () => {
  let seed = 777;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let k = 0; k < 50_000; k++) {
    let text = String(rand(100_000));
    if (rand(5) > 0) {
      text += '.';
      const places = 1 + rand(8);
      for (let i = 0; i < places; i++) text += rand(3) === 0 ? '5' : String(rand(10));
    }
    if (rand(10) === 0) text = '-' + text;
    const exponent = rand(4);
    const got = roundDecimalMinor(text, exponent);
    const want = roundOracle(text, exponent);
    if (want === 'error') assert.equal(typeof got, 'string', text);
    else assert.equal(typeof got === 'string' ? got : got.minor, want, `${text} e${exponent}`);
  }
});
