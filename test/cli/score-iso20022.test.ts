import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ringwatch } from '../helpers/harness.js';
import { pacs002, pacs008, pain001, pain013, toXml } from '../ingest/iso20022-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-isocli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function chain(i: number): Array<[string, Record<string, unknown>]> {
  const spec = { e2e: `CLI-${i}`, debtor: `CD${i % 3}`, creditor: `CC${i}`, amount: `${100 + i}.25`, time: `2026-03-01T10:${String(i).padStart(2, '0')}:00.000Z` };
  return [
    ['pain.001.001.11', pain001(spec)], ['pain.013.001.09', pain013(spec)], ['pacs.008.001.10', pacs008(spec)],
    ['pacs.002.001.12', pacs002({ e2e: spec.e2e, status: i % 2 ? 'RJCT' : 'ACCC' })],
  ];
}

test('score --format iso20022 reads NDJSON of JSON messages in order and chains them', () => {
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) for (const [, body] of chain(i)) lines.push(JSON.stringify(body));
  lines.push(JSON.stringify(pacs008({ e2e: 'CLI-0', amount: '1.00', msgId: 'OTHER' }))); // conflicts with CLI-0
  lines.push('{"not": "a message"}');
  lines.push(lines[0]); // a replay
  const file = join(dir, 'messages.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');
  const out = join(dir, 'out.csv');
  const r = ringwatch(['score', file, '--format', 'iso20022', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /messages=23 accepted=21 duplicates=1 rejected=1 conflicts=1 transfers=5 /);
  assert.match(r.stderr, /rejected line 21 \(pacs\.008\.001\.10\): FIToFICstmrCdtTrf\.GrpHdr\.MsgId|rejected line 21 \(pacs\.008\.001\.10\): FIToFICstmrCdtTrf\.CdtTrfTxInf/);
  const rows = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(rows.length, 24);
  assert.equal(rows[0], 'source,type,msg_id,end_to_end_id,result,status,score,decision,reasons');
  const pacs002Row = rows[4].split(',');
  assert.deepEqual(pacs002Row.slice(0, 6), ['line 4', 'pacs.002.001.12', 'S-CLI-0-ACCC', 'CLI-0', 'accepted', 'settled']);
  assert.equal(rows.at(-1)!.split(',')[4], 'duplicate');
});

test('score --format iso20022 reads a folder of XML files by name, with the same decisions as JSON', () => {
  const folder = join(dir, 'xml');
  mkdirSync(folder);
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; i < 4; i++) {
    for (const [type, body] of chain(i)) {
      writeFileSync(join(folder, `${String(n++).padStart(3, '0')}-${type}.xml`), toXml(type, body));
      lines.push(JSON.stringify(body));
    }
  }
  writeFileSync(join(folder, 'zzz-broken.xml'), '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10"><FIToFICstmrCdtTrf>');
  writeFileSync(join(folder, 'readme.txt'), 'not read');
  const json = join(dir, 'same.ndjson');
  writeFileSync(json, lines.join('\n'));
  const xr = ringwatch(['score', folder, '--format', 'iso20022', '--out', join(dir, 'x.csv')]);
  assert.equal(xr.status, 0, xr.stderr);
  assert.match(xr.stderr, /messages=17 accepted=16 duplicates=0 rejected=1 conflicts=0 transfers=4 /);
  const jr = ringwatch(['score', json, '--format', 'iso20022', '--out', join(dir, 'j.csv')]);
  assert.equal(jr.status, 0, jr.stderr);
  const decisions = (f: string): string[] => readFileSync(join(dir, f), 'utf8').trim().split('\n').slice(1, 17).map((l) => l.split(',').slice(1).join(','));
  assert.deepEqual(decisions('x.csv'), decisions('j.csv'));
});

test('score --format iso20022 with --db persists the chain across runs', () => {
  const db = join(dir, 'cli.db');
  const first = join(dir, 'first.ndjson');
  const second = join(dir, 'second.ndjson');
  const c = chain(9);
  writeFileSync(first, JSON.stringify(c[0][1]));
  writeFileSync(second, [c[2][1], c[3][1]].map((b) => JSON.stringify(b)).join('\n'));
  assert.equal(ringwatch(['score', first, '--format', 'iso20022', '--db', db]).status, 0);
  const r = ringwatch(['score', second, '--format', 'iso20022', '--db', db, '--out', join(dir, 's.csv')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /accepted=2 .*conflicts=0 transfers=1 /);
  assert.match(readFileSync(join(dir, 's.csv'), 'utf8'), /pacs\.002\.001\.12,S-CLI-9-RJCT,CLI-9,accepted,rejected/);
});
