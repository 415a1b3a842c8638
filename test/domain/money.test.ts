import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDecimalMinor } from '../../src/domain/money.js';

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
