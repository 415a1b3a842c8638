import type { BinaryOp, CompareOp, Node } from './ast.js';
import { RuleSyntaxError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/**
 * Recursive-descent parser. Precedence, loosest first:
 *   or (||)  <  and (&&)  <  not (!)  <  comparison (== != < <= > >= in, not in)
 *   <  + -  <  * / %  <  unary -  <  primary (literal, feature, call, parentheses)
 * Comparisons do not chain: `a < b < c` is an error (write `a < b and b < c`).
 */

const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ADDITIVE_OPS: ReadonlySet<string> = new Set(['+', '-']);
const MULTIPLICATIVE_OPS: ReadonlySet<string> = new Set(['*', '/', '%']);
/** Deepest nesting accepted, so a hostile expression cannot overflow the stack. */
const MAX_DEPTH = 200;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private is(kind: Token['kind'], text?: string): boolean {
    const t = this.peek();
    return t.kind === kind && (text === undefined || t.text === text);
  }
  private fail(message: string, at: number): never {
    throw new RuleSyntaxError(message, this.src, at);
  }
  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of expression' : `"${this.src.slice(t.start, t.end)}"`;
  }
  private expectOp(text: string, context: string): Token {
    if (!this.is('op', text)) this.fail(`expected "${text}" ${context}, found ${this.describe(this.peek())}`, this.peek().start);
    return this.next();
  }

  parse(): Node {
    if (this.is('eof')) this.fail('empty expression', 0);
    const node = this.expr();
    const t = this.peek();
    if (t.kind !== 'eof') {
      const hint = t.kind === 'ident' || t.kind === 'number' || t.kind === 'string' ? ' (missing operator?)' : '';
      this.fail(`unexpected ${this.describe(t)}${hint}`, t.start);
    }
    return node;
  }

  private nested<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail('expression is nested too deeply', this.peek().start);
    const r = f();
    this.depth--;
    return r;
  }

  private expr(): Node {
    return this.nested(() => this.or());
  }

  private binaryLevel(ops: ReadonlySet<string> | string, sub: () => Node): Node {
    let left = sub();
    for (;;) {
      const t = this.peek();
      const match = typeof ops === 'string' ? t.kind === 'keyword' && t.text === ops : t.kind === 'op' && ops.has(t.text);
      if (!match) return left;
      this.next();
      const right = sub();
      left = { kind: 'binary', op: t.text as BinaryOp, opStart: t.start, left, right, start: left.start, end: right.end };
    }
  }

  private or(): Node {
    return this.binaryLevel('or', () => this.and());
  }
  private and(): Node {
    return this.binaryLevel('and', () => this.not());
  }

  private not(): Node {
    if (this.is('keyword', 'not')) {
      const t = this.next();
      const operand = this.nested(() => this.not());
      return { kind: 'unary', op: 'not', operand, start: t.start, end: operand.end };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.additive();
    const node = this.comparisonTail(left);
    if (node !== left && (this.is('op') && COMPARE_OPS.has(this.peek().text) || this.is('keyword', 'in') || this.isNotIn())) {
      this.fail('comparisons cannot be chained; join them with "and"', this.peek().start);
    }
    return node;
  }

  private isNotIn(): boolean {
    const a = this.tokens[this.pos];
    const b = this.tokens[this.pos + 1];
    return a.kind === 'keyword' && a.text === 'not' && b !== undefined && b.kind === 'keyword' && b.text === 'in';
  }

  private comparisonTail(left: Node): Node {
    const t = this.peek();
    if (t.kind === 'op' && COMPARE_OPS.has(t.text)) {
      this.next();
      const right = this.additive();
      return { kind: 'binary', op: t.text as CompareOp, opStart: t.start, left, right, start: left.start, end: right.end };
    }
    const negated = this.isNotIn();
    if (negated || (t.kind === 'keyword' && t.text === 'in')) {
      if (negated) this.next();
      this.next();
      const open = this.expectOp('(', 'after "in" (write: x in (a, b, c))');
      const items: Node[] = [];
      if (this.is('op', ')')) this.fail('the list after "in" is empty', this.peek().start);
      for (;;) {
        items.push(this.expr());
        if (this.is('op', ',')) {
          this.next();
          continue;
        }
        break;
      }
      const close = this.expectOp(')', `to close the list opened at column ${open.start + 1}`);
      return { kind: 'in', negated, opStart: t.start, subject: left, items, start: left.start, end: close.end };
    }
    return left;
  }

  private additive(): Node {
    return this.binaryLevel(ADDITIVE_OPS, () => this.multiplicative());
  }
  private multiplicative(): Node {
    return this.binaryLevel(MULTIPLICATIVE_OPS, () => this.unary());
  }

  private unary(): Node {
    if (this.is('op', '-') || this.is('op', '+')) {
      const t = this.next();
      const operand = this.nested(() => this.unary());
      if (t.text === '+') return operand;
      return { kind: 'unary', op: '-', operand, start: t.start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value as number, start: t.start, end: t.end };
      case 'string':
        return { kind: 'string', value: t.value as string, start: t.start, end: t.end };
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true', start: t.start, end: t.end };
        return this.fail(`expected a value, found ${this.describe(t)}`, t.start);
      case 'ident':
        if (this.is('op', '(')) return this.call(t);
        return { kind: 'ident', name: t.text, start: t.start, end: t.end };
      case 'op':
        if (t.text === '(') {
          const inner = this.expr();
          this.expectOp(')', `to close the "(" at column ${t.start + 1}`);
          return inner;
        }
        return this.fail(`expected a value, found ${this.describe(t)}`, t.start);
      case 'eof':
        return this.fail('unexpected end of expression; a value is missing', t.start);
    }
  }

  private call(name: Token): Node {
    this.next();
    const args: Node[] = [];
    if (!this.is('op', ')')) {
      for (;;) {
        args.push(this.expr());
        if (!this.is('op', ',')) break;
        this.next();
      }
    }
    const close = this.expectOp(')', `to close the call of ${name.text}()`);
    return { kind: 'call', name: name.text, args, start: name.start, end: close.end };
  }
}

/** Parses an expression into a syntax tree; throws `RuleSyntaxError` with the offending position. */
export function parseExpression(src: string): Node {
  return new Parser(src, tokenize(src)).parse();
}
