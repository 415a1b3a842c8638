import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ofacDate, parseOfacSdn } from '../../src/screening/lists/ofac.js';
import { ScreeningListStore, parseAsOf } from '../../src/screening/lists/store.js';
import { parseUnConsolidated } from '../../src/screening/lists/un-xml.js';
import { ringwatch } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-slists-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SDN = [
  '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
  '2674,"ABU NIDAL ORGANIZATION",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
  '7160,"DJIBO, Ousmane Illiassou","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 01 Feb 1961; alt. DOB circa 1960; POB Niamey; nationality Niger."',
  '15036,"OCEAN STAR","vessel","IRAN",-0- ,"9HA2","Crude Oil Tanker",-0- ,-0- ,"Malta",-0- ,"Vessel Registration Identification IMO 1234567."',
].join('\n');
const ALT = [
  '36,12,"aka","AERO-CARIBBEAN",-0- ',
  '2674,1,"aka","ANO",-0- ',
  '2674,2,"fka","FATAH REVOLUTIONARY COUNCIL",-0- ',
  '2674,3,"wk aka","BLACK SEPTEMBER",-0- ',
].join('\n');
const ADD = ['36,25,-0- ,"Havana","Cuba",-0- ', '2674,1,-0- ,-0- ,"Lebanon",-0- '].join('\n');

test('OFAC SDN triple: names, kinds, strong aliases only, DOBs and countries from remarks, flag and address', () => {
  const e = parseOfacSdn(SDN, ALT, ADD);
  assert.deepEqual(e.map((x) => [x.list_id, x.kind, x.country]), [['SDN-36', 'entity', 'CU'], ['SDN-2674', 'entity', 'LB'], ['SDN-7160', 'person', 'NE'], ['SDN-15036', 'vessel', 'MT']]);
  assert.deepEqual(e[1].aliases, ['ANO', 'FATAH REVOLUTIONARY COUNCIL']);
  assert.equal(e[2].dob, '1961-02-01|1959~1961');
  assert.equal(e[0].source, 'OFAC-SDN CUBA');
  assert.equal(ofacDate('1958 to 1960'), '1958~1960');
  assert.equal(ofacDate('Mar 1970'), '1970-03');
  assert.equal(ofacDate('unknown'), undefined);
});

const UN = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2024-01-01T00:00:00Z">
 <INDIVIDUALS>
  <INDIVIDUAL>
   <DATAID>6908555</DATAID><FIRST_NAME>RI</FIRST_NAME><SECOND_NAME>WON HO</SECOND_NAME>
   <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER>
   <NAME_ORIGINAL_SCRIPT>리원호</NAME_ORIGINAL_SCRIPT>
   <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
   <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ri Won-ho</ALIAS_NAME></INDIVIDUAL_ALIAS>
   <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Ho</ALIAS_NAME></INDIVIDUAL_ALIAS>
   <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1964-07-17</DATE></INDIVIDUAL_DATE_OF_BIRTH>
   <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1962</FROM_YEAR><TO_YEAR>1963</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  </INDIVIDUAL>
 </INDIVIDUALS>
 <ENTITIES>
  <ENTITY>
   <DATAID>110404</DATAID><FIRST_NAME>KOREA MINING DEVELOPMENT TRADING CORPORATION</FIRST_NAME>
   <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER>
   <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>KOMID</ALIAS_NAME></ENTITY_ALIAS>
   <ENTITY_ADDRESS><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
  </ENTITY>
 </ENTITIES>
</CONSOLIDATED_LIST>`;

test('UN consolidated XML: persons and entities with aliases, original script, DOBs and ranges', () => {
  const e = parseUnConsolidated(UN);
  assert.equal(e.length, 2);
  assert.deepEqual(e[0], { list_id: 'UN-KPi.033', name: 'RI WON HO', kind: 'person', aliases: ['Ri Won-ho', '리원호'], country: 'KP', dob: '1964-07-17|1962~1963', source: 'UN DPRK', id_no: '' });
  assert.deepEqual([e[1].name, e[1].aliases, e[1].country, e[1].kind], ['KOREA MINING DEVELOPMENT TRADING CORPORATION', ['KOMID'], 'KP', 'entity']);
  assert.throws(() => parseUnConsolidated('<OTHER/>'), /CONSOLIDATED_LIST element missing/);
});

test('list versions: each import is dated; as-of replay picks the version in force', () => {
  const store = new ScreeningListStore(join(dir, 'store'));
  const e1 = parseOfacSdn(SDN, ALT, ADD).slice(0, 2);
  const e2 = parseOfacSdn(SDN, ALT, ADD);
  store.import('sdn', e1, { asOf: parseAsOf('2024-01-01'), format: 'ofac-sdn', source: 'a' });
  store.import('sdn', e2, { asOf: parseAsOf('2024-03-01'), format: 'ofac-sdn', source: 'b' });
  assert.equal(store.load('sdn', parseAsOf('2024-02-01')).entries.length, 2);
  assert.equal(store.load('sdn', parseAsOf('2024-03-01')).entries.length, 4);
  assert.equal(store.load('sdn').version.version, 2);
  assert.throws(() => store.load('sdn', parseAsOf('2023-12-31')), /no version in force/);
  assert.throws(() => store.import('sdn', [...e1, e1[0]], { asOf: parseAsOf('2024-04-01'), format: 'csv', source: 'c' }), /appears twice/);
  assert.equal(store.versions('sdn').length, 2, 'a failed import adds no version');
  assert.throws(() => parseAsOf('yesterday', '--as-of'), /--as-of must be an ISO date/);
});

test('CLI: lists import --format, lists versions, screen --stored --as-of replays the old version', () => {
  const db = join(dir, 'cli', 'ringwatch.db');
  const ofacDir = join(dir, 'ofac');
  rmSync(ofacDir, { recursive: true, force: true });
  mkdirSync(ofacDir, { recursive: true });
  writeFileSync(join(ofacDir, 'sdn.csv'), SDN.split('\n').slice(0, 2).join('\n'));
  writeFileSync(join(ofacDir, 'alt.csv'), ALT);
  writeFileSync(join(ofacDir, 'add.csv'), ADD);
  let r = ringwatch(['lists', 'import', ofacDir, '--format', 'ofac-sdn', '--list', 'sdn', '--as-of', '2024-01-01', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 2 entries into screening list sdn as version 1/);
  writeFileSync(join(ofacDir, 'sdn.csv'), SDN);
  r = ringwatch(['lists', 'import', join(ofacDir, 'sdn.csv'), '--format', 'ofac-sdn', '--list', 'sdn', '--as-of', '2024-03-01', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(join(dir, 'un.xml'), UN);
  r = ringwatch(['lists', 'import', join(dir, 'un.xml'), '--format', 'un-xml', '--list', 'un', '--as-of', '2024-01-01', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  r = ringwatch(['lists', 'versions', '--db', db]);
  assert.match(r.stdout, /^sdn,1,2024-01-01T00:00:00.000Z,.*,ofac-sdn,2,[0-9a-f]{64}$/m);
  assert.match(r.stdout, /^un,1,/m);
  writeFileSync(join(dir, 'q.csv'), 'query_id,name,country,dob\nq1,Ousmane Illiassou Djibo,,\nq2,Ri Won-ho,,\n');
  const now = ringwatch(['screen', join(dir, 'q.csv'), '--stored', 'sdn', '--stored', 'un', '--db', db]);
  assert.equal(now.status, 0, now.stderr);
  assert.match(now.stdout, /^q1,SDN-7160,/m);
  assert.match(now.stdout, /^q2,UN-KPi.033,/m);
  const then = ringwatch(['screen', join(dir, 'q.csv'), '--stored', 'sdn', '--as-of', '2024-02-01', '--db', db]);
  assert.equal(then.status, 0, then.stderr);
  assert.doesNotMatch(then.stdout, /SDN-7160/);
  assert.match(then.stderr, /list sdn: version 1/);
  const bad = ringwatch(['lists', 'import', join(dir, 'un.xml'), '--format', 'pdf', '--list', 'un', '--db', db]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--format must be one of ofac-sdn, un-xml, csv/);
});
