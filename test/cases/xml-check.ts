/**
 * A tiny, strict XML 1.0 well-formedness checker for tests: parses a document into a tree and
 * throws (with the offset) on anything not well-formed — unbalanced or mismatched tags, a second
 * root, raw `<` or a bad `&` reference in text or attributes, duplicate attributes, characters XML
 * cannot carry, `]]>` in text. No DTDs, no namespaces processing (prefixed names are plain names).
 */

export interface XNode {
  name: string;
  attributes: Record<string, string>;
  children: XNode[];
  /** Decoded text directly inside this element (concatenated). */
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export class XmlSyntaxError extends Error {}

export function parseXml(doc: string): XNode {
  let i = 0;
  const fail = (msg: string): never => {
    throw new XmlSyntaxError(`${msg} at offset ${i}: ${JSON.stringify(doc.slice(i, i + 30))}`);
  };
  const bad = BAD_CHAR.exec(doc);
  if (bad) {
    i = bad.index;
    fail('character not allowed in XML');
  }
  const ws = (): void => {
    while (i < doc.length && /[ \t\r\n]/.test(doc[i])) i++;
  };
  // End-of-line and attribute-value normalisation apply to the literal text, before references are expanded.
  const decode = (raw: string, inAttr: boolean): string =>
    (inAttr ? raw.replace(/\r\n?|[\t\n]/g, ' ') : raw.replace(/\r\n?/g, '\n')).replace(/&([^;&]*);?/g, (m, body: string) => {
      if (!m.endsWith(';')) fail('unterminated reference');
      if (body.startsWith('#x')) {
        if (!/^#x[0-9a-fA-F]+$/.test(body)) fail(`bad character reference &${body};`);
        return String.fromCodePoint(parseInt(body.slice(2), 16));
      }
      if (body.startsWith('#')) {
        if (!/^#[0-9]+$/.test(body)) fail(`bad character reference &${body};`);
        return String.fromCodePoint(parseInt(body.slice(1), 10));
      }
      if (!Object.hasOwn(PREDEFINED, body)) fail(`unknown entity &${body};`);
      return PREDEFINED[body];
    });
  const comment = (): boolean => {
    if (!doc.startsWith('<!--', i)) return false;
    const end = doc.indexOf('-->', i + 4);
    if (end < 0) fail('unterminated comment');
    if (doc.slice(i + 4, end).includes('--')) fail('"--" inside a comment');
    i = end + 3;
    return true;
  };
  const misc = (): void => {
    for (;;) {
      ws();
      if (!comment()) return;
    }
  };
  const name = (): string => {
    const m = NAME.exec(doc.slice(i));
    if (!m) fail('expected a name');
    i += (m as RegExpExecArray)[0].length;
    return (m as RegExpExecArray)[0];
  };

  const element = (): XNode => {
    if (doc[i] !== '<') fail('expected <');
    i++;
    const node: XNode = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (doc.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (doc[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const an = name();
      ws();
      if (doc[i] !== '=') fail('expected =');
      i++;
      ws();
      const q = doc[i];
      if (q !== '"' && q !== "'") fail('expected a quoted attribute value');
      const end = doc.indexOf(q, i + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = doc.slice(i + 1, end);
      if (raw.includes('<')) fail('< inside an attribute value');
      if (Object.hasOwn(node.attributes, an)) fail(`duplicate attribute ${an}`);
      node.attributes[an] = decode(raw, true);
      i = end + 1;
    }
    // content
    for (;;) {
      if (i >= doc.length) fail(`unclosed element <${node.name}>`);
      if (doc.startsWith('</', i)) {
        i += 2;
        const close = name();
        if (close !== node.name) fail(`</${close}> closes <${node.name}>`);
        ws();
        if (doc[i] !== '>') fail('expected > after end tag name');
        i++;
        return node;
      }
      if (comment()) continue;
      if (doc.startsWith('<![CDATA[', i)) {
        const end = doc.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        node.text += doc.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (doc.startsWith('<?', i) || doc.startsWith('<!', i)) fail('processing instructions and declarations are not expected here');
      if (doc[i] === '<') {
        node.children.push(element());
        continue;
      }
      const next = doc.indexOf('<', i);
      const raw = doc.slice(i, next < 0 ? doc.length : next);
      if (raw.includes(']]>')) fail(']]> in text');
      node.text += decode(raw, false);
      i += raw.length;
    }
  };

  if (doc.startsWith('\uFEFF')) i++;
  if (doc.startsWith('<?xml', i)) {
    const end = doc.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    const decl = doc.slice(i, end + 2);
    if (!/^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z][A-Za-z0-9._-]*")?(\s+standalone="(yes|no)")?\s*\?>$/.test(decl)) fail('bad XML declaration');
    i = end + 2;
  }
  misc();
  if (i >= doc.length) fail('no root element');
  const root = element();
  misc();
  if (i < doc.length) fail('content after the root element');
  return root;
}

/** The child elements' names, in order. */
export function childNames(n: XNode): string[] {
  return n.children.map((c) => c.name);
}

/** The first child of that name; throws when absent. */
export function child(n: XNode, name: string): XNode {
  const c = n.children.find((x) => x.name === name);
  if (!c) throw new Error(`<${n.name}> has no <${name}> (children: ${childNames(n).join(', ')})`);
  return c;
}

/** Text of a path of child names below `n`. */
export function textAt(n: XNode, ...path: string[]): string {
  return path.reduce((node, name) => child(node, name), n).text;
}

/**
 * Asserts `names` follow the order of `sequence` (each name must appear in `sequence`, and their
 * positions there must not go backwards; repeats of one name stay together).
 */
export function assertSchemaOrder(names: readonly string[], sequence: readonly string[], where: string): void {
  let last = -1;
  for (const n of names) {
    const pos = sequence.indexOf(n);
    if (pos < 0) throw new Error(`${where}: <${n}> is not in the schema sequence`);
    if (pos < last) throw new Error(`${where}: <${n}> comes after <${sequence[last]}>, against the schema order`);
    last = pos;
  }
}
