/**
 * ISO 20022 XML in: a `Document` in the standard namespace (urn:iso:std:iso:20022:tech:xsd:<type>),
 * bare or inside an envelope with a business application header, mapped to the same JSON dialect
 * the JSON routes take — amounts `<InstdAmt Ccy="USD">1.00</InstdAmt>` become
 * `InstdAmt: {Amt: {Amt: "1.00", Ccy: "USD"}}`, `Othr` is always an array — so validation, mapping
 * and decisions are the same for both. Text stays text (the validator coerces numbers exactly).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MESSAGE_TYPES, ROOT, type MessageType } from './messages.js';
import type { FieldError } from './schema.js';

export const XML_CONTENT_TYPES = ['application/xml', 'text/xml'];

export type XmlMessage = { ok: true; type: MessageType; message: Record<string, unknown> } | { ok: false; errors: FieldError[] };

const NAMESPACE = /xmlns(?::[\w.-]+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})["']/g;
/** Elements whose money value is the member itself ({Amt, Ccy}) rather than nested in an `Amt` member. */
const DIRECT_MONEY = new Set(['Amt', 'DbtrFinSvcsPrvdrFees']);
/** Members that are arrays in the JSON dialect even when the XML holds one element. */
const ARRAYS = (name: string, path: string): boolean => name === 'Othr' || path.endsWith('TxInfAndSts.ChrgsInf');
const MAX_DEPTH = 40;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, jpath) => ARRAYS(name, String(jpath)),
});

function bad(reason: string, field = '(body)'): XmlMessage {
  return { ok: false, errors: [{ field, reason }] };
}

function convert(name: string, node: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new RangeError('nested too deeply');
  if (Array.isArray(node)) return node.map((n) => convert(name, n, depth + 1));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (typeof o['@_Ccy'] === 'string') {
    const money = { Amt: o['#text'] ?? '', Ccy: o['@_Ccy'] };
    return DIRECT_MONEY.has(name) ? money : { Amt: money };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('@_') || k === '#text') continue;
    out[k] = convert(k, v, depth + 1);
  }
  return out;
}

function findDocument(tree: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const [k, v] of Object.entries(tree)) {
    if (k === 'Document' && v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  }
  for (const v of Object.values(tree)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'Document' in v) return findDocument(v as Record<string, unknown>);
  }
  return undefined;
}

/** Reads one XML message; errors name `(body)` for unreadable XML and `Document` for a missing or unknown message. */
export function parseXmlMessage(text: string): XmlMessage {
  if (text.trim() === '') return bad('is empty: send an ISO 20022 XML Document');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return bad('holds a DOCTYPE or ENTITY declaration, which is not accepted');
  const valid = XMLValidator.validate(text);
  if (valid !== true) return bad(`is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const namespaces = [...text.matchAll(NAMESPACE)].map((m) => m[1]);
  const type = MESSAGE_TYPES.find((t) => namespaces.includes(t));
  if (!type) {
    const seen = namespaces.length ? `namespace urn:iso:std:iso:20022:tech:xsd:${namespaces[0]} is not one of` : 'has no ISO 20022 namespace; expected one of';
    return bad(`${seen} ${MESSAGE_TYPES.map((t) => `urn:iso:std:iso:20022:tech:xsd:${t}`).join(', ')}`, 'Document');
  }
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(text) as Record<string, unknown>;
  } catch (e) {
    return bad(`is not readable XML: ${(e as Error).message}`);
  }
  const doc = findDocument(tree);
  if (!doc) return bad('is required: the ISO 20022 message element', 'Document');
  let message: Record<string, unknown>;
  try {
    message = convert('Document', doc, 0) as Record<string, unknown>;
  } catch (e) {
    return bad(`cannot be read: ${(e as Error).message}`, 'Document');
  }
  if (typeof message !== 'object' || message === null) return bad(`must hold ${ROOT[type]}`, 'Document');
  return { ok: true, type, message };
}
