/** Syntax tree of a rule expression. Every node keeps its source span [start, end) in the expression. */

export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicOp = 'and' | 'or';
export type BinaryOp = ArithOp | CompareOp | LogicOp;

interface Span {
  start: number;
  end: number;
}

export interface NumberNode extends Span {
  kind: 'number';
  value: number;
}
export interface StringNode extends Span {
  kind: 'string';
  value: string;
}
export interface BoolNode extends Span {
  kind: 'bool';
  value: boolean;
}
export interface IdentNode extends Span {
  kind: 'ident';
  name: string;
}
export interface UnaryNode extends Span {
  kind: 'unary';
  op: '-' | 'not';
  operand: Node;
}
export interface BinaryNode extends Span {
  kind: 'binary';
  op: BinaryOp;
  /** Offset of the operator, where type errors point. */
  opStart: number;
  left: Node;
  right: Node;
}
export interface InNode extends Span {
  kind: 'in';
  negated: boolean;
  opStart: number;
  subject: Node;
  items: Node[];
}
export interface CallNode extends Span {
  kind: 'call';
  name: string;
  args: Node[];
}

export type Node = NumberNode | StringNode | BoolNode | IdentNode | UnaryNode | BinaryNode | InNode | CallNode;
