import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A small schema checker for the report formats: an element grammar (ordered children with
 * occurrence bounds, one-of choices, simple value types with lengths, patterns and code lists)
 * checked against a parsed document. Every problem names the element by its path
 * (`BSTR/STIFs/STIF[2]/TSIF/CRAT`), so a refusal says exactly what to fix.
 */

export interface XNode {
  name: string;
  attributes: Record<string, string>;
  children: XNode[];
  text: string;
}

export interface ValueRule {
  /** Longest allowed value in characters (the PBOC dictionary's 类型（长度）). */
  max?: number;
  min?: number;
  pattern?: RegExp;
  /** What the pattern means, for messages ("YYYYMMDDHHMMSS"). */
  format?: string;
  codes?: ReadonlySet<string> | readonly string[];
  /** The value may be the PBOC substitute "@N" (not applicable / not available). */
  na?: boolean;
  /** Extra check returning a reason when the value is wrong. */
  check?: (value: string) => string | undefined;
}

export interface ElementRule {
  name: string;
  /** Default 1. */
  min?: number;
  /** Default 1; Infinity for unbounded. */
  max?: number;
  /** Text-only element: its value rule. */
  value?: ValueRule;
  /** Element content: a sequence of particles. */
  children?: readonly Particle[];
  /** Repeated elements carry seqno="1", "2", … (PBOC). */
  seqno?: boolean;
}

export interface ChoiceRule {
  choice: readonly ElementRule[];
  min?: number;
}

export type Particle = ElementRule | ChoiceRule;

export class XmlReadError extends Error {}

/** Parses a document into a tree; throws {@link XmlReadError} when it is not well-formed. */
export function readXml(text: string): XNode {
  const ok = XMLValidator.validate(text);
  if (ok !== true) throw new XmlReadError(`not well-formed XML: ${ok.err.msg} (line ${ok.err.line})`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: false, processEntities: true });
  const raw = parser.parse(text) as Array<Record<string, unknown>>;
  const convert = (entry: Record<string, unknown>): XNode | null => {
    const name = Object.keys(entry).find((k) => k !== ':@');
    if (!name || name.startsWith('?') || name === '#text' || name === '#comment') return null;
    const kids = (entry[name] as Array<Record<string, unknown>>) ?? [];
    const node: XNode = { name, attributes: (entry[':@'] as Record<string, string>) ?? {}, children: [], text: '' };
    for (const k of kids) {
      if ('#text' in k) node.text += String(k['#text']);
      else {
        const c = convert(k);
        if (c) node.children.push(c);
      }
    }
    return node;
  };
  const roots = raw.map(convert).filter((n): n is XNode => n !== null);
  if (roots.length !== 1) throw new XmlReadError(`a document has one root element, found ${roots.length}`);
  return roots[0];
}

function isChoice(p: Particle): p is ChoiceRule {
  return 'choice' in p;
}

function has(codes: ReadonlySet<string> | readonly string[], v: string): boolean {
  return codes instanceof Set ? codes.has(v) : (codes as readonly string[]).includes(v);
}

export interface CheckOptions {
  /** Values for which only presence and length are checked (e.g. masked personal data: `110***1234`). */
  lenient?: (value: string) => boolean;
  /** Elements treated as optional (e.g. a date of birth a masked preview leaves out). */
  optional?: ReadonlySet<string>;
}

/** Problems with one value, or an empty list. */
export function checkValue(path: string, value: string, rule: ValueRule, options: CheckOptions = {}): string[] {
  if (value === '@N') return rule.na ? [] : [`${path} needs a value here, not the substitute @N`];
  if (options.lenient?.(value)) return rule.max !== undefined && [...value].length > rule.max ? [`${path} is too long`] : [];
  const out: string[] = [];
  const len = [...value].length;
  if (value.trim() === '' && (rule.min ?? 1) > 0) return [`${path} is empty${rule.na ? ' (write @N when not applicable)' : ''}`];
  if (rule.max !== undefined && len > rule.max) out.push(`${path} is ${len} characters long, at most ${rule.max} allowed`);
  if (rule.min !== undefined && len < rule.min) out.push(`${path} is ${len} characters long, at least ${rule.min} needed`);
  if (rule.pattern && !rule.pattern.test(value)) out.push(`${path} must be ${rule.format ?? rule.pattern.source}, got ${JSON.stringify(value)}`);
  if (rule.codes && !has(rule.codes, value)) out.push(`${path} ${JSON.stringify(value)} is not in its code list`);
  const extra = rule.check?.(value);
  if (extra) out.push(`${path} ${extra}`);
  return out;
}

function checkElement(node: XNode, rule: ElementRule, path: string, out: string[], o: CheckOptions): void {
  if (rule.value) {
    if (node.children.length) out.push(`${path} must hold text, not elements`);
    out.push(...checkValue(path, node.text, rule.value, o));
    return;
  }
  if (node.text.trim() !== '') out.push(`${path} must hold elements, not text`);
  checkChildren(node.children, rule.children ?? [], path, out, o);
}

function checkChildren(kids: readonly XNode[], particles: readonly Particle[], path: string, out: string[], o: CheckOptions): void {
  let i = 0;
  for (const p of particles) {
    const alts = isChoice(p) ? p.choice : [p];
    const min = isChoice(p) ? (p.min ?? 1) : o.optional?.has(p.name) ? 0 : (p.min ?? 1);
    const max = isChoice(p) ? 1 : (p.max ?? 1);
    let count = 0;
    let chosen: ElementRule | undefined;
    while (i < kids.length && count < (isChoice(p) ? 1 : max)) {
      const rule = alts.find((a) => a.name === kids[i].name);
      if (!rule) break;
      chosen = rule;
      const many = (rule.max ?? 1) > 1;
      const n = isChoice(p) ? 1 : count + 1;
      const here = `${path}/${kids[i].name}${many ? `[${n}]` : ''}`;
      if (rule.seqno && kids[i].attributes.seqno !== String(n)) out.push(`${here} must have seqno="${n}", got ${JSON.stringify(kids[i].attributes.seqno ?? null)}`);
      checkElement(kids[i], rule, here, out, o);
      i++;
      count++;
      // A chosen alternative of a choice may itself repeat.
      if (isChoice(p)) {
        let k = 1;
        while (i < kids.length && kids[i].name === rule.name && k < (rule.max ?? 1)) {
          k++;
          checkElement(kids[i], rule, `${path}/${rule.name}[${k}]`, out, o);
          i++;
        }
        break;
      }
    }
    if (count < min) {
      const names = alts.map((a) => a.name).join(' or ');
      out.push(count === 0 ? `${path}/${names} is required` : `${path}/${names} must occur at least ${min} times, found ${count}`);
    }
    void chosen;
  }
  if (i < kids.length) {
    out.push(`${path}/${kids[i].name} is not expected here`);
  }
}

/** Every problem of a document against its root rule (the root element's name included). */
export function checkTree(root: XNode, rule: ElementRule, options: CheckOptions = {}): string[] {
  const out: string[] = [];
  if (root.name !== rule.name) return [`the root element must be ${rule.name}, got ${root.name}`];
  checkElement(root, rule, rule.name, out, options);
  return out;
}

/** The first child of `node` named `name` (path segments separated by '/'). */
export function child(node: XNode | undefined, path: string): XNode | undefined {
  let at = node;
  for (const seg of path.split('/')) at = at?.children.find((c) => c.name === seg);
  return at;
}

export function childrenNamed(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}
