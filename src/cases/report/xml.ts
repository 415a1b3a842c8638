/**
 * A small XML writer: elements as plain values, rendered with escaping. No namespaces, no mixed
 * content layout (an element holding only text is written on one line; one holding elements is
 * indented), no processing instructions beyond the declaration.
 *
 * Text that XML 1.0 cannot carry (control characters other than tab, newline and carriage return;
 * lone surrogates; U+FFFE and U+FFFF) is refused with an {@link XmlCharacterError} naming the
 * element path, never silently dropped: a regulatory report must say exactly what it was given.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

/** What `el` accepts as children: nodes, nested lists, and nothing (null/undefined/false) for an absent optional. */
export type XmlInput = XmlNode | null | undefined | false | readonly XmlInput[];

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Anything outside XML 1.0's Char production (the `u` flag makes a lone surrogate one code point).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export class XmlCharacterError extends Error {
  constructor(readonly path: string, readonly codePoint: number) {
    super(`${path}: U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML`);
    this.name = 'XmlCharacterError';
  }
}

function flatten(items: readonly XmlInput[], out: XmlNode[]): XmlNode[] {
  for (const item of items) {
    if (item === null || item === undefined || item === false) continue;
    if (Array.isArray(item)) flatten(item as readonly XmlInput[], out);
    else out.push(item as XmlNode);
  }
  return out;
}

/** An element; absent children (null, undefined, false) are skipped, arrays are flattened. */
export function el(name: string, ...children: XmlInput[]): XmlElement {
  if (!NAME.test(name)) throw new TypeError(`not an XML element name: ${JSON.stringify(name)}`);
  return { name, attributes: {}, children: flatten(children, []) };
}

/** An element with attributes. */
export function elAttrs(name: string, attributes: Readonly<Record<string, string>>, ...children: XmlInput[]): XmlElement {
  for (const a of Object.keys(attributes)) if (!NAME.test(a)) throw new TypeError(`not an XML attribute name: ${JSON.stringify(a)}`);
  return { ...el(name, ...children), attributes: { ...attributes } };
}

/** A text-only element, or null when the value is absent or blank (for optional elements). */
export function leaf(name: string, value: string | number | boolean | null | undefined): XmlElement | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (text.trim() === '') return null;
  return el(name, text);
}

/** True when an element has any element (not just text) among its children. */
export function hasElements(e: XmlElement): boolean {
  return e.children.some((c) => typeof c !== 'string');
}

function check(text: string, path: string): void {
  const m = NOT_XML_CHAR.exec(text);
  if (m) throw new XmlCharacterError(path, m[0].codePointAt(0) as number);
}

/** Escapes character data: & < > and a carriage return (so it survives end-of-line normalisation). */
export function escapeText(text: string, path = '(text)'): string {
  check(text, path);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value (double-quoted): & < > " ' and tab/newline/carriage return as references. */
export function escapeAttribute(text: string, path = '(attribute)'): string {
  check(text, path);
  return text
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

export interface RenderOptions {
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first (default true). */
  declaration?: boolean;
  /** Indent per level (default two spaces; '' writes everything on one line). */
  indent?: string;
}

function render(e: XmlElement, depth: number, indent: string, path: string, out: string[]): void {
  const here = path ? `${path}/${e.name}` : e.name;
  const pad = indent.repeat(depth);
  const attrs = Object.entries(e.attributes).map(([k, v]) => ` ${k}="${escapeAttribute(v, `${here}/@${k}`)}"`).join('');
  if (e.children.length === 0) {
    out.push(`${pad}<${e.name}${attrs}/>`);
    return;
  }
  if (!hasElements(e) || indent === '') {
    // Text only (or no layout wanted): one line, children inline.
    const inner: string[] = [];
    for (const c of e.children) {
      if (typeof c === 'string') inner.push(escapeText(c, here));
      else render(c, 0, '', here, inner);
    }
    out.push(`${pad}<${e.name}${attrs}>${inner.join('')}</${e.name}>`);
    return;
  }
  if (e.children.some((c) => typeof c === 'string')) {
    throw new TypeError(`${here}: mixed text and elements are not supported by this writer`);
  }
  out.push(`${pad}<${e.name}${attrs}>`);
  for (const c of e.children) render(c as XmlElement, depth + 1, indent, here, out);
  out.push(`${pad}</${e.name}>`);
}

/** The document text, with a trailing newline. */
export function renderXml(root: XmlElement, options: RenderOptions = {}): string {
  const indent = options.indent ?? '  ';
  const out: string[] = [];
  if (options.declaration ?? true) out.push('<?xml version="1.0" encoding="UTF-8"?>');
  render(root, 0, indent, '', out);
  return out.join(indent === '' ? '' : '\n') + '\n';
}
