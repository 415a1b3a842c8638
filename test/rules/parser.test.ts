import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '../../src/rules/ast.js';
import { RuleSyntaxError } from '../../src/rules/errors.js';
import { parseExpression } from '../../src/rules/parser.js';

/** Renders a tree in fully parenthesised prefix form. */
function show(n: Node): string {
  switch (n.kind) {
    case 'number': return String(n.value);
    case 'string': return JSON.stringify(n.value);
    case 'bool': return String(n.value);
    case 'ident': return n.name;
    case 'unary': return `(${n.op} ${show(n.operand)})`;
    case 'binary': return `(${n.op} ${show(n.left)} ${show(n.right)})`;
    case 'in': return `(${n.negated ? 'not in' : 'in'} ${show(n.subject)} [${n.items.map(show).join(' ')}])`;
    case 'call': return `${n.name}(${n.args.map(show).join(' ')})`;
  }
}
const p = (src: string): string => show(parseExpression(src));

test('arithmetic precedence and left associativity', () => {
  assert.equal(p('1 + 2 * 3'), '(+ 1 (* 2 3))');
  assert.equal(p('(1 + 2) * 3'), '(* (+ 1 2) 3)');
  assert.equal(p('10 - 4 - 3'), '(- (- 10 4) 3)');
  assert.equal(p('8 / 4 / 2'), '(/ (/ 8 4) 2)');
  assert.equal(p('-a * b'), '(* (- a) b)');
  assert.equal(p('a % 3 + 1'), '(+ (% a 3) 1)');
  assert.equal(p('+a'), 'a');
});

test('boolean precedence: or < and < not < comparison', () => {
  assert.equal(p('a or b and c'), '(or a (and b c))');
  assert.equal(p('not a == 1 and b'), '(and (not (== a 1)) b)');
  assert.equal(p('a > 1 + 2 or !b'), '(or (> a (+ 1 2)) (not b))');
  assert.equal(p('a || b && c'), '(or a (and b c))');
});

test('in and not in lists', () => {
  assert.equal(p("channel in ('cash_in', 'cash_out')"), '(in channel ["cash_in" "cash_out"])');
  assert.equal(p('x not in (1, 2 + 3)'), '(not in x [1 (+ 2 3)])');
  assert.equal(p('not x in (1)'), '(not (in x [1]))');
  assert.equal(p('a + 1 in (2, 3) and b'), '(and (in (+ a 1) [2 3]) b)');
});

test('function calls', () => {
  assert.equal(p('max(a, b, 3) >= min(c)'), '(>= max(a b 3) min(c))');
  assert.equal(p('if(a > 1, abs(b), log1p(c))'), 'if((> a 1) abs(b) log1p(c))');
});

test('nodes keep source spans', () => {
  const n = parseExpression('  amount >= 5');
  assert.equal(n.start, 2);
  assert.equal(n.end, 13);
  assert.equal(n.kind === 'binary' && n.opStart, 9);
});

function errorAt(src: string): RuleSyntaxError {
  try {
    parseExpression(src);
  } catch (e) {
    assert.ok(e instanceof RuleSyntaxError, String(e));
    return e;
  }
  assert.fail(`no error for ${src}`);
}

test('syntax errors name the position and the problem', () => {
  assert.equal(errorAt('').offset, 0);
  assert.match(errorAt('').message, /empty expression/);
  const missing = errorAt('amount >= ');
  assert.equal(missing.offset, 10);
  assert.match(missing.message, /end of expression/);
  const unclosed = errorAt('(a + b');
  assert.equal(unclosed.offset, 6);
  assert.match(unclosed.message, /expected "\)" to close the "\(" at column 1/);
  const extra = errorAt('a b');
  assert.equal(extra.column, 3);
  assert.match(extra.message, /missing operator/);
  assert.match(errorAt('a < b < c').message, /cannot be chained/);
  assert.equal(errorAt('a < b < c').offset, 6);
  assert.match(errorAt('x in ()').message, /empty/);
  assert.match(errorAt('x in 1, 2').message, /expected "\("/);
  assert.equal(errorAt('max(a,').offset, 6);
  assert.match(errorAt('a and or b').message, /expected a value, found "or"/);
});

test('deep nesting is refused instead of overflowing the stack', () => {
  assert.match(errorAt('('.repeat(500) + '1' + ')'.repeat(500)).message, /nested too deeply/);
  assert.match(errorAt('-'.repeat(500) + '1').message, /nested too deeply/);
});
