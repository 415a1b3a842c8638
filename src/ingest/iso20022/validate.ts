/**
 * Validates one posted message of Tazama's JSON dialect for a route's message type. Errors name
 * JSON paths; a body of another message type, a TenantId in the body, or a NbOfTxs that does not
 * match are refused as well as everything the schema refuses.
 */
import { ISO_SCHEMAS, MESSAGE_TYPES, ROOT, SCHEMAS, type MessageType } from './messages.js';
import { compileSchema, type CompiledValidator } from './compile.js';
import type { Checked, FieldError, Node } from './schema.js';

export type { FieldError } from './schema.js';

export interface ValidMessage {
  type: MessageType;
  /** The message as understood: known members only, coerced, with TxTp set to the type. */
  data: Record<string, unknown>;
  checked: Checked;
}

export type MessageResult = { ok: true; message: ValidMessage } | { ok: false; errors: FieldError[] };

const TRANSACTIONS_IN = 1;

function compileAll(schemas: Readonly<Record<MessageType, Node>>): Readonly<Record<MessageType, CompiledValidator>> {
  return Object.fromEntries(MESSAGE_TYPES.map((t) => [t, compileSchema(schemas[t])])) as Record<MessageType, CompiledValidator>;
}

/** Each schema compiled once (the same checks and messages as walking it, several times faster). */
const VALIDATORS: Readonly<Record<Profile, Readonly<Record<MessageType, CompiledValidator>>>> = {
  tazama: compileAll(SCHEMAS),
  iso: compileAll(ISO_SCHEMAS),
};

/** The route (message type) a body belongs to, judged by its root member; undefined when none. */
export function detectMessageType(body: unknown): MessageType | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const tp = (body as Record<string, unknown>).TxTp;
  if (typeof tp === 'string' && (MESSAGE_TYPES as readonly string[]).includes(tp)) return tp as MessageType;
  return MESSAGE_TYPES.find((t) => Object.hasOwn(body, ROOT[t]));
}

function withoutTxTp(data: Record<string, unknown>): Record<string, unknown> {
  const { TxTp: _ignored, ...rest } = data;
  return rest;
}

/**
 * `tazama`: Tazama's JSON dialect with every member its schemas require (the JSON routes).
 * `iso`: standard ISO 20022 (the XML routes): only ISO's mandatory members, accounts by IBAN or Othr.
 */
export type Profile = 'tazama' | 'iso';

/** An account must be identified: by IBAN or by Othr (the dialect requires Othr). */
function accountErrors(type: MessageType, data: Record<string, unknown>): FieldError[] {
  if (type === 'pacs.002.001.12') return [];
  const root = ROOT[type];
  const r = data[root] as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  const pmt = type === 'pacs.008.001.10' ? r?.CdtTrfTxInf : r?.PmtInf;
  const tx = type === 'pacs.008.001.10' ? r?.CdtTrfTxInf : r?.PmtInf?.CdtTrfTxInf;
  const base = type === 'pacs.008.001.10' ? `${root}.CdtTrfTxInf` : `${root}.PmtInf`;
  const out: FieldError[] = [];
  for (const [acct, path] of [[pmt?.DbtrAcct, `${base}.DbtrAcct.Id`], [tx?.CdtrAcct, type === 'pacs.008.001.10' ? `${base}.CdtrAcct.Id` : `${base}.CdtTrfTxInf.CdtrAcct.Id`]] as const) {
    const id = acct?.Id;
    if (id && !id.IBAN && !(Array.isArray(id.Othr) && id.Othr.length > 0)) out.push({ field: path, reason: 'must hold an IBAN or an Othr identification' });
  }
  return out;
}

export function validateMessage(type: MessageType, body: unknown, now = Date.now(), profile: Profile = 'tazama'): MessageResult {
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', reason: `must be a JSON object holding ${ROOT[type]} (a ${type} message)` }] };
  }
  const b = body as Record<string, unknown>;
  const root = ROOT[type];
  const errors: FieldError[] = [];
  for (const k of Object.keys(b)) {
    if (k.toLowerCase() === 'tenantid') errors.push({ field: k, reason: 'is not accepted: the tenant comes from the credentials, never from the body' });
  }
  if (b.TxTp !== undefined && b.TxTp !== type) {
    errors.push({ field: 'TxTp', reason: `is ${JSON.stringify(b.TxTp)}; this route takes ${type}` });
  }
  if (!Object.hasOwn(b, root)) {
    const other = MESSAGE_TYPES.find((t) => t !== type && Object.hasOwn(b, ROOT[t]));
    errors.push({
      field: root,
      reason: other ? `is required: the body is a ${other} message (${ROOT[other]}); post it to /v1/evaluate/iso20022/${other}` : 'is required',
    });
    return { ok: false, errors };
  }
  const checked = VALIDATORS[profile][type](b, now);
  errors.push(...checked.errors);
  const grpHdr = (b[root] as Record<string, unknown> | undefined)?.GrpHdr as Record<string, unknown> | undefined;
  const data = checked.value as Record<string, unknown> | undefined;
  const nb = (data?.[root] as Record<string, Record<string, unknown>> | undefined)?.GrpHdr?.NbOfTxs;
  if (grpHdr && Object.hasOwn(grpHdr, 'NbOfTxs') && typeof nb === 'number' && nb !== TRANSACTIONS_IN) {
    errors.push({ field: `${root}.GrpHdr.NbOfTxs`, reason: `is ${nb}; the message carries ${TRANSACTIONS_IN} transaction (CdtTrfTxInf)` });
  }
  if (data && errors.length === 0) errors.push(...accountErrors(type, data));
  if (errors.length > 0 || !data) return { ok: false, errors };
  // TxTp first whatever the input had, so the same message from JSON or XML has the same text.
  return { ok: true, message: { type, data: { TxTp: type, ...withoutTxTp(data) }, checked } };
}
