import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { newHits, partyQuery, screenParties } from '../../src/screening/parties.js';
import { Screener } from '../../src/screening/screener.js';
import { ringwatch } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-parties-screen-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a party record becomes a screening query; re-screening reports only new hits', () => {
  assert.deepEqual(partyQuery({ account: 'A1', person: { first_name: 'Weiming', last_name: 'Zhang', birthdate: '1980-05-01', nationality: 'CN' } }),
    { query_id: 'A1', name: 'Weiming Zhang', dob: '1980-05-01', country: 'CN', id_no: undefined });
  assert.equal(partyQuery({ account: 'A2' }), undefined);
  const v1 = new Screener([{ list_id: 'CN-1', name: '张伟明', kind: 'person', aliases: [], country: 'CN', dob: '1980-05-01', source: 't', id_no: '' }]);
  const v2 = new Screener([
    { list_id: 'CN-1', name: '张伟明', kind: 'person', aliases: [], country: 'CN', dob: '1980-05-01', source: 't', id_no: '' },
    { list_id: 'SDN-9', name: 'ANGLO-CARIBBEAN CO., LTD.', kind: 'entity', aliases: [], country: 'GB', dob: '', source: 't', id_no: '' },
  ]);
  const parties = [
    { account: 'A1', person: { name: '張偉明', birthdate: '1980-05-01' } },
    { account: 'B1', entity: { name: 'Anglo Caribbean Company Limited' } },
    { account: 'C1', person: { name: 'Peter Miller' } },
  ];
  const before = screenParties(v1, parties);
  const now = screenParties(v2, parties);
  assert.deepEqual(before.map((m) => `${m.query_id}>${m.list_id}`), ['A1>CN-1']);
  assert.deepEqual(newHits(now, before).map((m) => `${m.query_id}>${m.list_id}`), ['B1>SDN-9']);
});

test('CLI: parties screen against stored lists, and --new-since after a list update', () => {
  const db = join(dir, 'rw.db');
  writeFileSync(join(dir, 'parties.ndjson'), [
    JSON.stringify({ account: 'A1', party_type: 'natural', person: { name: '張偉明', birthdate: '1980-05-01' } }),
    JSON.stringify({ account: 'B1', party_type: 'legal', entity: { name: 'Anglo Caribbean Company Limited' } }),
  ].join('\n'));
  assert.equal(ringwatch(['parties', 'import', join(dir, 'parties.ndjson'), '--db', db]).status, 0);
  const head = 'list_id,name,kind,aliases,country,dob,source,id_no\nCN-1,张伟明,person,,CN,1980-05-01,t,\n';
  writeFileSync(join(dir, 'v1.csv'), head);
  writeFileSync(join(dir, 'v2.csv'), `${head}SDN-9,"ANGLO-CARIBBEAN CO., LTD.",entity,,GB,,t,\n`);
  assert.equal(ringwatch(['lists', 'import', join(dir, 'v1.csv'), '--format', 'csv', '--list', 'bl', '--as-of', '2024-01-01', '--db', db]).status, 0);
  assert.equal(ringwatch(['lists', 'import', join(dir, 'v2.csv'), '--format', 'csv', '--list', 'bl', '--as-of', '2024-02-01', '--db', db]).status, 0);
  const all = ringwatch(['parties', 'screen', '--db', db]);
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /^A1,CN-1,/m);
  assert.match(all.stdout, /^B1,SDN-9,/m);
  const fresh = ringwatch(['parties', 'screen', '--db', db, '--new-since', '2024-01-15']);
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.doesNotMatch(fresh.stdout, /CN-1/);
  assert.match(fresh.stdout, /^B1,SDN-9,/m);
  assert.match(fresh.stderr, /1 new hits/);
  writeFileSync(join(dir, 'v3.csv'), `${head}SDN-9,"ANGLO-CARIBBEAN CO., LTD.",entity,,GB,,t,\nCN-7,欧阳志远,person,,CN,,t,\n`);
  writeFileSync(join(dir, 'more.ndjson'), JSON.stringify({ account: 'D1', party_type: 'natural', person: { name: 'Ouyang Zhiyuan' } }));
  assert.equal(ringwatch(['parties', 'import', join(dir, 'more.ndjson'), '--db', db]).status, 0);
  const upd = ringwatch(['lists', 'import', join(dir, 'v3.csv'), '--format', 'csv', '--list', 'bl', '--as-of', '2024-03-01', '--db', db, '--screen-parties']);
  assert.equal(upd.status, 0, upd.stderr);
  assert.match(upd.stdout, /1 new party hits against bl version 3/);
  assert.match(upd.stdout, /^D1,CN-7,/m);
  assert.doesNotMatch(upd.stdout, /^B1,SDN-9,/m);
});
