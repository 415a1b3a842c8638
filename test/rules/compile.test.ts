import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression, compileValue } from '../../src/rules/compile.js';
import { RuleSyntaxError } from '../../src/rules/errors.js';
import { smallSchema, tx, vector } from './helpers.js';

const schema = smallSchema();
const f = vector(schema, { amount: 120, from_out_sum_24h: 900, from_in_sum_24h: 1000, is_cash: 1 });
const t = tx({ channel: 'cash_in', country: 'CN' });

const val = (src: string, features = f): number | boolean | string => compileValue(src, schema).evaluate(features, t);
const holds = (src: string, features = f): boolean => compileExpression(src, schema).predicate(features, t);

test('arithmetic by hand', () => {
  assert.equal(val('1 + 2 * 3'), 7);
  assert.equal(val('(1 + 2) * 3'), 9);
  assert.equal(val('10 - 4 - 3'), 3);
  assert.equal(val('-2 * 3 + 1'), -5);
  assert.equal(val('10 % 4'), 2);
  assert.equal(val('1e3 + 1_000'), 2000);
  assert.equal(val('amount * 2 - from_out_sum_24h / 3'), 240 - 300);
  assert.equal(val('- - amount'), 120);
});

test('division and remainder by zero give 0', () => {
  assert.equal(val('7 / 0'), 0);
  assert.equal(val('7 % 0'), 0);
  assert.equal(val('amount / zero'), 0);
  assert.equal(val('amount % zero'), 0);
  assert.equal(val('amount / (zero * 5)'), 0);
  // An empty window must not fire a ratio rule.
  assert.equal(holds('from_out_sum_24h / zero >= 0.8'), false);
  assert.equal(holds('from_out_sum_24h / from_in_sum_24h >= 0.8'), true);
});

test('comparisons, both orders against constants and feature against feature', () => {
  assert.equal(holds('amount >= 120'), true);
  assert.equal(holds('amount > 120'), false);
  assert.equal(holds('120 <= amount'), true);
  assert.equal(holds('121 <= amount'), false);
  assert.equal(holds('100 < amount'), true);
  assert.equal(holds('amount == 120 and amount != 121'), true);
  assert.equal(holds('from_in_sum_24h > from_out_sum_24h'), true);
  assert.equal(holds('from_out_sum_24h >= 0.9 * from_in_sum_24h'), true);
  assert.equal(holds('amount + 1 > 120'), true);
  assert.equal(holds('200 > amount + 1'), true);
});

test('boolean logic, symbols and truthiness of flag features', () => {
  assert.equal(holds('is_cash and amount > 100'), true);
  assert.equal(holds('not is_cash or amount > 1000'), false);
  assert.equal(holds('!is_cash || amount > 1000'), false);
  assert.equal(holds('is_cash && !from_new'), true);
  assert.equal(holds('from_new'), false);
  assert.equal(holds('amount'), true);
  assert.equal(holds('true and not false'), true);
  assert.equal(val('not (1 > 2)'), true);
  const nan = vector(schema, { amount: NaN });
  assert.equal(holds('amount', nan), false, 'NaN is not true');
  assert.equal(holds('amount > 0', nan), false);
  assert.equal(holds('amount != 0', nan), true);
});

test('in and not in, for numbers and text', () => {
  assert.equal(holds("channel in ('cash_in', 'cash_out')"), true);
  assert.equal(holds('channel not in ("cash_in", "cash_out")'), false);
  assert.equal(holds('amount in (1, 2, 120)'), true);
  assert.equal(holds('amount in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 120)'), true, 'long lists use a set');
  assert.equal(holds('amount in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)'), false);
  assert.equal(holds('amount in (from_out_sum_24h, 100 + 20)'), true, 'items may be expressions');
  assert.equal(holds('amount not in (from_out_sum_24h, 7)'), true);
  assert.equal(holds("country in ('CN')"), true);
});

test('string comparisons', () => {
  assert.equal(holds("channel == 'cash_in'"), true);
  assert.equal(holds('channel != "cash_in"'), false);
  assert.equal(holds("currency == 'CNY' and from_type == 'natural'"), true);
  assert.equal(holds("'cash_in' == channel"), true);
  assert.equal(holds("channel == currency"), false);
  assert.equal(val("if(is_cash, 'cash', 'other')"), 'cash');
  assert.equal(compileValue('country', schema).evaluate(f, tx()), '', 'a missing country reads as empty text');
});

test('functions', () => {
  assert.equal(val('min(5, amount, 300)'), 5);
  assert.equal(val('max(5, amount)'), 120);
  assert.equal(val('max(amount)'), 120);
  assert.equal(val('abs(0 - amount)'), 120);
  assert.equal(val('log1p(0)'), 0);
  assert.ok(Math.abs((val('log1p(amount)') as number) - Math.log1p(120)) < 1e-12);
  assert.equal(val('if(amount > 100, 1, 2)'), 1);
  assert.equal(val('if(from_new, 1, 2)'), 2);
  assert.equal(val('if(amount > 1000, amount > 0, false)'), false);
});

test('constant folding keeps results and types', () => {
  const c = compileValue('90 * 86400', schema);
  assert.equal(c.type, 'number');
  assert.equal(c.evaluate(f, t), 7_776_000);
  assert.equal(holds('false and amount > 0'), false);
  assert.equal(holds('true or amount > 1e9'), true);
  assert.equal(holds('amount > 1e9 or true'), true);
  assert.equal(holds('amount > 0 and true'), true);
  assert.equal(holds("'a' in ('b', 'a')"), true);
  assert.equal(holds('if(1 > 2, amount > 1e9, amount > 0)'), true);
});

test('reads lists each numeric feature once, in order, with its index; texts separately', () => {
  const c = compileExpression("from_in_sum_24h > 0 and amount > 1 and from_in_sum_24h < 5 and channel == 'x'", schema);
  assert.deepEqual(c.reads, [{ name: 'from_in_sum_24h', index: 2 }, { name: 'amount', index: 0 }]);
  assert.deepEqual(c.texts, ['channel']);
});

function compileError(src: string): RuleSyntaxError {
  try {
    compileExpression(src, schema);
  } catch (e) {
    assert.ok(e instanceof RuleSyntaxError, String(e));
    return e;
  }
  assert.fail(`no error for ${src}`);
}

test('unknown features are named, located and get a suggestion', () => {
  const e = compileError('amount > 1 and from_out_sum_24 > 5');
  assert.equal(e.offset, 15);
  assert.equal(e.column, 16);
  assert.match(e.reason, /unknown feature "from_out_sum_24" \(did you mean "from_out_sum_24h"\?\)/);
  assert.match(compileError('chanel == "x"').reason, /did you mean "channel"/);
  assert.doesNotMatch(compileError('qqqqqqqq > 1').reason, /did you mean/);
});

test('type errors are compile errors at the operator or operand', () => {
  const mixed = compileError("channel == 5");
  assert.equal(mixed.offset, 8);
  assert.match(mixed.reason, /cannot compare a text value with a number/);
  assert.match(compileError("channel < 'z'").reason, /compares numbers only/);
  assert.match(compileError("amount + channel > 1").reason, /needs numbers/);
  assert.match(compileError("channel").reason, /cannot be a condition/);
  assert.match(compileError("channel and amount > 1").reason, /cannot be a condition/);
  assert.equal(compileError("amount in (1, 'a')").offset, 14);
  assert.match(compileError("if(is_cash, 1, 'a')").reason, /same type/);
  assert.match(compileError("(amount > 1) == 1").reason, /cannot compare a true\/false value with a number/);
  assert.match(compileError('abs(amount > 1) > 0').reason, /expected a number/);
});

test('function misuse', () => {
  assert.match(compileError('maxx(amount, 1) > 0').reason, /unknown function "maxx" \(did you mean "max"\?\)/);
  assert.match(compileError('abs(1, 2) > 0').reason, /abs\(\) takes 1 argument, got 2/);
  assert.match(compileError('if(is_cash, 1) > 0').reason, /takes 3 arguments/);
  assert.match(compileError('min() > 0').reason, /at least 1/);
  assert.match(compileError('amount(1) > 0').reason, /is a feature, not a function/);
  assert.match(compileError('max > 0').reason, /is a function/);
});

test('no eval: compiled predicates are ordinary closures over the schema', () => {
  const c = compileExpression('amount > 100', schema);
  assert.equal(typeof c.predicate, 'function');
  assert.equal(c.predicate(vector(schema, { amount: 101 }), t), true);
  assert.equal(c.predicate(vector(schema, { amount: 99 }), t), false);
  assert.equal(compileExpression('1 > 2', schema).predicate(f, t), false);
  assert.equal(compileExpression('2', schema).predicate(f, t), true);
});
