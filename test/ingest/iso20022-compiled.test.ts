// The compiled validator (compile.ts) against the schema's interpretation (schema.ts `validate`):
// the same value, errors (fields, reasons, order), amounts and dates on valid messages of every
// type and profile — the fixtures, messages with every optional member filled in, a CBPR+ XML
// message — and on thousands of mutated copies of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ISO_SCHEMAS, MESSAGE_TYPES, SCHEMAS, parseXmlMessage, type MessageType } from '../../src/ingest/iso20022/index.js';
import { compileSchema, compiledSource } from '../../src/ingest/iso20022/compile.js';
import { validate, type Node } from '../../src/ingest/iso20022/schema.js';
import { createRng } from '../../src/ml/prng.js';
import { BUILDERS, cbprPacs008 } from './iso20022-fixtures.js';
import { pickPath } from '../helpers/json-paths.js';

type Obj = Record<string, unknown>;
const NOW = Date.UTC(2026, 2, 1);
const MUTANTS = Number(process.env.RW_FUZZ_BODIES ?? 1000);

/** A valid value for every member of a schema, optional ones included. */
function full(node: Node, i: number): unknown {
  switch (node.t) {
    case 'obj':
      return Object.fromEntries(node.entries.map(([k, f]) => [k, full(f.node, i)]));
    case 'arr':
      return [full(node.item, i), full(node.item, i + 1)];
    case 'num':
      return 1.25;
    case 'int':
      return 1;
    case 'money':
      return { Amt: i % 2 ? '10.50' : 7, Ccy: 'EUR' };
    case 'str': {
      if (node.oneOf) return node.oneOf[i % node.oneOf.length];
      const samples: Record<string, string> = {
        text: `text ${i}`, id: `ID-${i}`, code: 'SALA', datetime: '2026-02-28T23:59:59.123+02:00', date: '2026-02-28', birthdate: '1970-01-31',
        country: 'DE', bic: 'DEUTDEFFXXX', lei: '506700GE1G29325QX363', lat: '-3.1609', long: '38.3588', ccy: 'EUR', rate: '1.0825',
        iban: 'DE89370400440532013000',
      };
      return samples[node.fmt].slice(0, node.max);
    }
  }
}

const deep = (n: number): unknown => (n === 0 ? 'x' : [deep(n - 1)]);
const VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, 12345678901234567890, '', ' ', 'x'.repeat(300), '2026-02-30T00:00:00Z', '2026-03-01T10:00:00Z', '2026-03-01',
  '2030-01-01', 'USD', 'usd', 'XAU', 'JPY', [], [1], ['a'], ['a', 'b'], {}, { Amt: '1' }, { Amt: { Amt: '1', Ccy: 'USD' } }, { Amt: '1.005', Ccy: 'JPY' },
  '1e5', 'NaN', 'Infinity', '-0', '0.000001', ' 12.50 ', '+3', '\u0000', 'ACCC', 'RJCT', 'DEUTDEFFXXX', 'deutdeff', '506700GE1G29325QX364',
  'GB82WEST12345698765432', '91', '-181.5', 'TRF', 'SHAR', deep(40), 0.1 + 0.2, 123456789012345.6,
];

function mutate(body: Obj, rnd: () => number): Obj {
  const copy = structuredClone(body);
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const picked = pickPath(copy, rnd);
    if (!picked) break;
    const { parent: o, key } = picked;
    const r = rnd();
    if (r < 0.3) delete o[key];
    else if (r < 0.8) o[key] = structuredClone(VALUES[Math.floor(rnd() * VALUES.length)]);
    else if (r < 0.9) o[key] = [o[key]];
    else if (!Array.isArray(o)) o[['TenantId', 'extra', 'Othr'][Math.floor(rnd() * 3)]] = 'x';
  }
  return copy;
}

function agree(schema: Node, compiled: ReturnType<typeof compileSchema>, body: unknown, what: string): void {
  const a = validate(schema, body, NOW);
  const b = compiled(body, NOW);
  assert.deepStrictEqual(b.errors, a.errors, `${what}: errors`);
  assert.deepStrictEqual(b.value, a.value, `${what}: value`);
  assert.deepStrictEqual([...b.amounts], [...a.amounts], `${what}: amounts`);
  assert.deepStrictEqual([...b.dates], [...a.dates], `${what}: dates`);
}

function corpus(type: MessageType, schema: Node): Obj[] {
  const out: Obj[] = [BUILDERS[type]({ e2e: 'E-1' }) as Obj, full(schema, 0) as Obj, full(schema, 1) as Obj];
  if (type === 'pacs.008.001.10') {
    const x = parseXmlMessage(cbprPacs008('E-2'));
    assert.ok(x.ok);
    out.push(x.message as Obj);
  }
  return out;
}

for (const [profile, schemas] of [['tazama', SCHEMAS], ['iso', ISO_SCHEMAS]] as const) {
  for (const type of MESSAGE_TYPES) {
    test(`compiled ${type} (${profile}) agrees with the interpretation on valid and mutated messages`, () => {
      const schema = schemas[type];
      const compiled = compileSchema(schema);
      const bases = corpus(type, schema);
      // The valid ones are valid (so the corpus reaches every member's checks).
      for (const [i, b] of bases.slice(0, profile === 'tazama' ? 3 : bases.length).entries()) {
        assert.deepStrictEqual(compiled(b, NOW).errors, [], `${type} base ${i}`);
        agree(schema, compiled, b, `${type} base ${i}`);
      }
      const rnd = createRng(type.length * 7919 + (profile === 'iso' ? 1 : 0));
      let failing = 0;
      for (let i = 0; i < MUTANTS; i++) {
        const body = mutate(bases[i % bases.length], rnd);
        agree(schema, compiled, body, `${type} mutant ${i}: ${JSON.stringify(body).slice(0, 200)}`);
        if (compiled(body, NOW).errors.length > 0) failing++;
      }
      assert.ok(failing > MUTANTS / 4, `mutations produce errors (${failing})`);
      // Not an object at all, or the wrong shapes at the root.
      for (const v of [null, 1, 'x', [], [{}], {}, { TxTp: 1 }]) agree(schema, compiled, v, JSON.stringify(v));
    });
  }
}

test('the generated source is made from the schema alone: paths and names are string literals', () => {
  const { source } = compiledSource(SCHEMAS['pacs.008.001.10']);
  assert.match(source, /c\.fail\("FIToFICstmrCdtTrf\.GrpHdr\.MsgId", "is required"\)/);
  // Below an array only the index is put together at run time.
  assert.match(source, /Othr" \+ "\[" \+ i\d+ \+ "\]"\)/);
  assert.match(source, /c\.fail\(\(p \+ "\.Id"\), "is required"\)/);
  assert.doesNotMatch(source, /\beval\(|\brequire\(|\bimport\(|\bprocess\.|\bglobalThis\b/);
});
