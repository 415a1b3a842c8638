/**
 * JSON Schemas of the API's shared wire shapes (see shape.ts): published under
 * `components.schemas` in the OpenAPI description (/docs), and the source the dashboard's types in
 * web/src/api/generated.ts are generated from (`npm run gen:web-types`; a test keeps them in step).
 */

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const time = { type: 'string', format: 'date-time', description: 'ISO-8601 UTC.' } as const;

export type JsonSchema = Record<string, unknown>;

export const WIRE_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  Money: {
    type: 'string', pattern: '^-?\\d+(\\.\\d+)?$',
    description: 'An exact decimal string in major units ("30000.00"); its ISO 4217 currency is given beside it.',
  },
  Currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' },
  Verdict: { enum: ['ALLOW', 'REVIEW', 'BLOCK'] },
  Reason: {
    type: 'object', description: 'Why a transaction was flagged: one fired rule (or the model) with the feature values behind it.',
    required: ['rule', 'weight', 'values', 'text'],
    properties: {
      rule: str,
      typology: str,
      weight: num,
      values: { type: 'object', additionalProperties: { type: ['number', 'string'] }, description: 'Feature values by feature name (numbers; money features in the base currency\'s major units).' },
      contributions: { type: 'object', additionalProperties: num, description: 'A model\'s log-odds contribution per feature.' },
      text: { type: 'string', description: 'The reason in one line, as the CSV output writes it.' },
      words: {
        type: 'object', required: ['en', 'zh'], description: 'A model\'s reason in plain words: each feature, its value and whether it raised or lowered the risk.',
        properties: { en: str, zh: str },
      },
      accounts: { type: 'array', items: str, description: 'A pattern reason\'s accounts in order: the cycle of first-time links the transfer closed, payee first, payer last.' },
      transactions: { type: 'array', items: str, description: 'A pattern reason\'s other transactions in order: the hops of the cycle before this transfer, from the payee round to the payer.' },
    },
  },
  Page: {
    type: 'object', description: 'What every list answer carries beside its items.',
    required: ['total', 'limit', 'offset'],
    properties: { total: { type: 'integer', description: 'All that match.' }, limit: int, offset: int },
  },
  Transaction: {
    type: 'object', required: ['id', 'time', 'from', 'to', 'amount', 'currency', 'channel', 'from_type', 'to_type'],
    properties: {
      id: str, time, from: str, to: str, amount: ref('Money'), currency: ref('Currency'), channel: str,
      from_type: { enum: ['natural', 'legal'] }, to_type: { enum: ['natural', 'legal'] },
      device: str, ip: str, phone: str, country: str, counterparty_bank: str,
      purpose: { type: 'string', description: 'ISO 20022 purpose code (e.g. SALA, GDDS).' },
      payer_age: { type: 'integer', description: "The payer's age in whole years at the transaction's time." },
      geo: { type: 'string', description: 'Where the payment was initiated: "latitude,longitude" (masked to whole degrees without pii.unmask).' },
      from_name: { type: 'string', description: "Payer's name as the message carries it: screened against the name lists, not stored." },
      to_name: { type: 'string', description: "Payee's name as the message carries it: screened against the name lists, not stored." },
    },
  },
  Decision: {
    type: 'object', required: ['id', 'score', 'decision', 'reasons'],
    properties: {
      id: str, score: num, decision: ref('Verdict'), reasons: { type: 'array', items: ref('Reason') },
      duplicate: { type: 'boolean', description: 'The same transaction was sent before; this is the stored decision.' },
      transaction: { ...ref('Transaction'), description: 'GET /v1/decisions/{id}: the transaction decided on.' },
    },
  },
  Alert: {
    type: 'object', required: ['transaction_id', 'time', 'from', 'to', 'amount', 'currency', 'score', 'decision', 'reasons'],
    properties: {
      seq: int, transaction_id: str, time, from: str, to: str, amount: ref('Money'), currency: ref('Currency'),
      score: num, decision: ref('Verdict'), reasons: { type: 'array', items: ref('Reason') },
    },
  },
  ScreeningEvidence: {
    type: 'object',
    description: "A screening case's evidence (content.screening): the party as screened beside the list entry it matched, the score and the matcher's reasons (masked like the names and dates they quote).",
    required: ['list', 'list_version', 'list_as_of', 'score', 'threshold', 'match_reasons', 'query', 'entry'],
    properties: {
      list: str, list_version: int, list_as_of: { type: 'string', description: 'When that list version came into force.' },
      score: num, threshold: { type: 'number', description: 'The threshold the hit reached.' },
      match_reasons: { type: 'array', items: str },
      query: {
        type: 'object', required: ['account', 'name'],
        properties: { account: str, name: str, dob: str, country: str, id_no: str },
      },
      entry: {
        type: 'object', required: ['list_id', 'name', 'kind', 'aliases', 'country', 'dob', 'id_no', 'source'],
        properties: { list_id: str, name: str, kind: str, aliases: { type: 'array', items: str }, country: str, dob: str, id_no: str, source: str },
      },
    },
  },
  Stats: {
    type: 'object', description: 'GET /v1/stats: counts of what the store holds; only tps_recent and since_start are this server process\'s.',
    required: ['transactions', 'decisions', 'alerts', 'cases', 'alerts_by_day', 'top_rules', 'top_rings', 'tps_recent', 'since_start'],
    properties: {
      transactions: int,
      decisions: { type: 'object', additionalProperties: int, description: 'Stored transactions by verdict.' },
      alerts: int,
      cases: { type: ['object', 'null'], additionalProperties: int, description: 'Stored cases by workflow state (null without cases).' },
      alerts_by_day: {
        type: 'array',
        items: { type: 'object', required: ['day', 'REVIEW', 'BLOCK'], properties: { day: str, REVIEW: int, BLOCK: int } },
      },
      top_rules: { type: 'array', items: { type: 'object', required: ['rule', 'hits'], properties: { rule: str, hits: int } } },
      top_rings: { type: 'array', items: { type: 'object', required: ['ring', 'risk', 'size'], properties: { ring: str, risk: num, size: int } } },
      tps_recent: { type: 'number', description: 'Decisions per second over the last minute, this process.' },
      since_start: {
        type: 'object', required: ['decisions', 'duplicates', 'rejected'],
        properties: { decisions: { type: 'object', additionalProperties: int }, duplicates: int, rejected: int },
      },
    },
  },
};

function jsDoc(schema: JsonSchema, indent: string): string {
  return typeof schema.description === 'string' ? `${indent}/** ${schema.description} */\n` : '';
}

/** A TypeScript type for a schema (the subset WIRE_SCHEMAS uses). */
export function schemaType(schema: JsonSchema, indent = ''): string {
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop()!;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  return types.map((t) => {
    switch (t) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return `Array<${schemaType(schema.items as JsonSchema, indent)}>`;
      case 'object': {
        const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
        const required = new Set((schema.required ?? []) as string[]);
        const extra = schema.additionalProperties as JsonSchema | undefined;
        if (Object.keys(props).length === 0) return extra ? `Record<string, ${schemaType(extra, indent)}>` : 'Record<string, unknown>';
        const inner = indent + '  ';
        const lines = Object.entries(props).map(([k, s]) => `${jsDoc(s, inner)}${inner}${k}${required.has(k) ? '' : '?'}: ${schemaType(s, inner)};`);
        return `{\n${lines.join('\n')}\n${indent}}`;
      }
      default:
        return 'unknown';
    }
  }).join(' | ');
}

/** web/src/api/generated.ts: one exported type per schema. */
export function renderWireTypes(schemas: Readonly<Record<string, JsonSchema>> = WIRE_SCHEMAS): string {
  const out = [
    '// Generated from src/api/wire-schemas.ts by `npm run gen:web-types`; do not edit by hand.',
    '// test/api/wire-types.test.ts fails when this file and the server\'s schemas differ.',
    '',
  ];
  for (const [name, schema] of Object.entries(schemas)) {
    out.push(`${jsDoc(schema, '')}export type ${name} = ${schemaType(schema)};`, '');
  }
  return out.join('\n');
}
