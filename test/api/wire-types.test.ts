import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { renderWireTypes, schemaType, WIRE_SCHEMAS } from '../../src/api/wire-schemas.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

test('the dashboard\'s generated API types are the server\'s schemas (run npm run gen:web-types after changing them)', () => {
  const onDisk = readFileSync(resolve(ROOT, 'web/src/api/generated.ts'), 'utf8');
  assert.equal(onDisk, renderWireTypes(WIRE_SCHEMAS));
});

test('schemaType: refs, enums, type lists, arrays, optional and record properties', () => {
  assert.equal(schemaType({ $ref: '#/components/schemas/Money' }), 'Money');
  assert.equal(schemaType({ enum: ['A', 'B'] }), '"A" | "B"');
  assert.equal(schemaType({ type: ['number', 'string'] }), 'number | string');
  assert.equal(schemaType({ type: 'array', items: { type: 'integer' } }), 'Array<number>');
  assert.equal(schemaType({ type: ['object', 'null'], additionalProperties: { type: 'integer' } }), 'Record<string, number> | null');
  assert.equal(schemaType({ type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'boolean', description: 'why' } } }), '{\n  a: string;\n  /** why */\n  b?: boolean;\n}');
});
