import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NATURAL_PARTY_GRADES } from '../../src/security/grades.js';
import {
  FULL_MASK, maskAccount, maskAddress, maskDate, maskEmail, maskIdNumber, maskIp, maskName, maskPhone, maskRecord, maskValue,
} from '../../src/security/masking.js';
import { prng } from './helpers.js';

const ITERATIONS = 3000;
const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
const graphemes = (s: string): string[] => Array.from(segmenter.segment(s), (x) => x.segment);

/** Random strings mixing the awkward cases: CJK, emoji and ZWJ sequences, combining marks, controls, lone surrogates, stars. */
function generator(seed: number): { text: () => string; rand: () => number } {
  const rand = prng(seed);
  const pools = [
    '0123456789', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '张王李赵刘陈杨黄周吴三丰爱丽买提艾力',
    ' \t\n·', '@.-:_+%', '*', '\u0301\u0308\u200d\ufe0f', '\u0000\u0007\r',
  ];
  const specials = ['👨‍👩‍👧‍👦', '🇨🇳', '🀄', 'é', 'e\u0301', '\ud800', '\udc00', '\u0600', '가', '\u1100\u1161'];
  const piece = (): string => {
    if (rand() < 0.12) return specials[Math.floor(rand() * specials.length)];
    const pool = pools[Math.floor(rand() * pools.length)];
    return pool[Math.floor(rand() * pool.length)];
  };
  const text = (): string => {
    const r = rand();
    const len = r < 0.1 ? 0 : r < 0.4 ? Math.floor(rand() * 6) : Math.floor(rand() * 30);
    let s = '';
    for (let i = 0; i < len; i++) s += piece();
    return s;
  };
  return { text, rand };
}

/** Asserts `out` shows nothing of `input` but up to `start` leading and `end` trailing characters (at most half if short). */
function assertKeepsOnly(input: string, out: string, start: number, end: number): void {
  const g = graphemes(input);
  const o = graphemes(out);
  const n = g.length;
  assert.equal(o.length, n, `length kept: ${JSON.stringify(input)} → ${JSON.stringify(out)}`);
  let revealed = 0;
  for (let i = 0; i < n; i++) {
    if (o[i] === '*') continue;
    assert.equal(o[i], g[i], `only original characters in place: ${JSON.stringify(input)} → ${JSON.stringify(out)}`);
    assert.ok(i < start || i >= n - end, `position ${i} may not be shown: ${JSON.stringify(input)} → ${JSON.stringify(out)}`);
    revealed++;
  }
  assert.ok(revealed <= start + end);
  if (n < start + end + 4) assert.ok(revealed <= Math.floor(n / 2), `short input shows at most half: ${JSON.stringify(input)} → ${JSON.stringify(out)}`);
  if (n > 0 && g.some((c) => c !== '*')) assert.ok(o.includes('*'), 'something is always hidden');
}

const keepEndsMaskers: Array<[string, (s: string) => string, number, number]> = [
  ['id number', maskIdNumber, 3, 4], ['account', maskAccount, 0, 4], ['address', maskAddress, 6, 0], ['date', maskDate, 4, 0],
];

test('property: keep-the-ends maskers reveal only the kept characters, never throw, and are idempotent', () => {
  const { text } = generator(1);
  for (let i = 0; i < ITERATIONS; i++) {
    const input = text();
    for (const [name, mask, start, end] of keepEndsMaskers) {
      const out = mask(input);
      assert.equal(typeof out, 'string', name);
      assertKeepsOnly(input.trim(), out, start, end);
      assert.equal(mask(out), out, `${name} idempotent on ${JSON.stringify(input)}`);
    }
  }
});

test('property: phone numbers (random and +86 forms)', () => {
  const { text, rand } = generator(2);
  for (let i = 0; i < ITERATIONS; i++) {
    const digits = '1' + Array.from({ length: 10 }, () => Math.floor(rand() * 10)).join('');
    const national = maskPhone(digits);
    assertKeepsOnly(digits, national, 3, 4);
    assert.equal(national, `${digits.slice(0, 3)}****${digits.slice(7)}`);
    const intl = maskPhone(`+86 ${digits}`);
    assert.equal(intl, `+86 ${national}`);
    assert.equal(maskPhone(intl), intl);
    const input = text();
    const out = maskPhone(input);
    if (!/^(\+86|0086)/.test(input.trim())) assertKeepsOnly(input.trim(), out, 3, 4);
    assert.equal(maskPhone(out), out, `idempotent on ${JSON.stringify(input)}`);
  }
});

test('property: names show at most the first character of each word', () => {
  const { text } = generator(3);
  for (let i = 0; i < ITERATIONS; i++) {
    const input = text();
    const out = maskName(input);
    assert.equal(maskName(out), out, `idempotent on ${JSON.stringify(input)}`);
    const inWords = input.split(/(\s+|[·・•])/u);
    const outWords = out.split(/(\s+|[·・•])/u);
    assert.equal(outWords.length, inWords.length, JSON.stringify(input));
    inWords.forEach((w, k) => {
      if (k % 2 === 1) assert.equal(outWords[k], w);
      else assertKeepsOnly(w, outWords[k], 1, 0);
    });
  }
});

test('property: e-mail shows one character of the local part and the domain', () => {
  const { text, rand } = generator(4);
  for (let i = 0; i < ITERATIONS; i++) {
    const local = text().replace(/@/g, '') || 'x';
    const domain = ['example.com', 'qq.com', '例子.中国'][Math.floor(rand() * 3)];
    const input = `${local}@${domain}`;
    const out = maskEmail(input);
    assert.equal(maskEmail(out), out, `idempotent on ${JSON.stringify(input)}`);
    const trimmed = input.trim();
    const at = trimmed.lastIndexOf('@');
    if (at > 0) {
      assert.ok(out.endsWith(trimmed.slice(at)), 'the domain is kept');
      assertKeepsOnly(trimmed.slice(0, at), out.slice(0, out.length - (trimmed.length - at)), 1, 0);
    }
    const junk = text();
    assert.equal(maskEmail(maskEmail(junk)), maskEmail(junk));
  }
});

test('property: IP addresses keep two octets or two groups; anything else is hidden whole', () => {
  const { text, rand } = generator(5);
  const octet = () => String(Math.floor(rand() * 256));
  const group = () => Math.floor(rand() * 65536).toString(16);
  for (let i = 0; i < ITERATIONS; i++) {
    const [a, b] = [octet(), octet()];
    const v4 = `${a}.${b}.${octet()}.${octet()}`;
    assert.equal(maskIp(v4), `${a}.${b}.*.*`);
    const groups = Array.from({ length: 8 }, group);
    const v6 = groups.join(':');
    assert.equal(maskIp(v6), `${groups[0]}:${groups[1]}:*:*:*:*:*:*`);
    for (const x of [v4, v6, text()]) {
      const out = maskIp(x);
      assert.equal(maskIp(out), out, `idempotent on ${JSON.stringify(x)}`);
      assert.ok(out === FULL_MASK || /^(::ffff:)?\d{1,3}\.\d{1,3}\.\*\.\*$/i.test(out) || /^[0-9a-f]{1,4}:[0-9a-f]{1,4}(:\*){6}$/i.test(out), out);
    }
  }
});

test('property: maskValue and maskRecord never throw and never hand back a sensitive original', () => {
  const { text, rand } = generator(6);
  const odd = [null, undefined, 0, -1, 1n, true, Number.NaN, {}, [], Symbol('s'), () => 1, new Date(0)];
  const kinds = ['id_number', 'phone', 'name', 'account', 'email', 'ip', 'address', 'date', 'full'] as const;
  for (let i = 0; i < ITERATIONS; i++) {
    const value = rand() < 0.3 ? odd[Math.floor(rand() * odd.length)] : text();
    for (const kind of kinds) assert.doesNotThrow(() => maskValue(kind, value));
    const record = { name: text(), id_number: text(), phone: value, party_id: text() };
    const { record: out, masked } = maskRecord(record, NATURAL_PARTY_GRADES, 'analyst');
    assert.equal(out.party_id, record.party_id);
    for (const f of masked) {
      const original = record[f as keyof typeof record];
      const shown = out[f as keyof typeof out];
      assert.equal(typeof shown, 'string', `${f} is shown as text`);
      const g = typeof original === 'string' ? graphemes(original.trim()) : [];
      if (g.length > 1 && g.every((c) => c !== '*' && !/^[\s·・•]*$/u.test(c))) assert.notEqual(shown, original, `${f} ${JSON.stringify(original)}`);
    }
  }
});
