import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/rules/lexer.js';
import { RuleSyntaxError } from '../../src/rules/errors.js';

const kinds = (src: string): string[] => tokenize(src).map((t) => `${t.kind}:${t.text}`);

test('numbers: integers, decimals, exponents and underscores', () => {
  const values = tokenize('1 2.5 .5 1e3 1.5E-2 1_000_000').filter((t) => t.kind === 'number').map((t) => t.value);
  assert.deepEqual(values, [1, 2.5, 0.5, 1000, 0.015, 1_000_000]);
});

test('strings in single and double quotes, with escapes', () => {
  const values = tokenize(`'cash_in' "a\\"b" 'it\\'s' "x\\ny"`).filter((t) => t.kind === 'string').map((t) => t.value);
  assert.deepEqual(values, ['cash_in', 'a"b', "it's", 'x\ny']);
});

test('symbolic boolean operators are normalised to keywords', () => {
  assert.deepEqual(kinds('a && !b || c'), ['ident:a', 'keyword:and', 'keyword:not', 'ident:b', 'keyword:or', 'ident:c', 'eof:']);
});

test('two-character comparison operators win over one-character ones', () => {
  assert.deepEqual(kinds('a<=b!=c>=d==e<f>g'), [
    'ident:a', 'op:<=', 'ident:b', 'op:!=', 'ident:c', 'op:>=', 'ident:d', 'op:==', 'ident:e', 'op:<', 'ident:f', 'op:>', 'ident:g', 'eof:',
  ]);
});

test('token offsets point into the source', () => {
  const t = tokenize('  amount >= 5');
  assert.deepEqual(t.map((x) => [x.start, x.end]), [[2, 8], [9, 11], [12, 13], [13, 13]]);
});

function errorAt(src: string): { offset: number; column: number; message: string } {
  try {
    tokenize(src);
  } catch (e) {
    assert.ok(e instanceof RuleSyntaxError);
    return { offset: e.offset, column: e.column, message: e.message };
  }
  assert.fail(`no error for ${src}`);
}

test('lexical errors carry their position', () => {
  assert.equal(errorAt("channel == 'cash").offset, 11);
  assert.match(errorAt("channel == 'cash").message, /unterminated string/);
  const eq = errorAt('amount = 5');
  assert.equal(eq.column, 8);
  assert.match(eq.message, /use "=="/);
  assert.equal(errorAt('a & b').offset, 2);
  assert.equal(errorAt('a $ b').offset, 2);
  assert.match(errorAt('12abc').message, /invalid number/);
  assert.match(errorAt('1e+').message, /exponent/);
});

test('line and column count lines within a multi-line expression', () => {
  try {
    tokenize('a > 1\n  and b # c');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof RuleSyntaxError);
    assert.equal(e.line, 2);
    assert.equal(e.column, 9);
    assert.equal(e.offset, 14);
  }
});
