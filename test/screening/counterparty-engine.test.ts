import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { validateTransaction, type Transaction } from '../../src/domain/transaction.js';
import { differingFields } from '../../src/domain/transaction-check.js';
import { featureWords } from '../../src/domain/feature-labels.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { buildScorer } from '../../src/engine/runtime.js';
import { toPaymentMessage, toTransaction, validateMessage } from '../../src/ingest/iso20022/index.js';
import { CounterpartyScreening } from '../../src/screening/counterparty.js';
import { Screener } from '../../src/screening/screener.js';
import { pacs008, pain001 } from '../ingest/iso20022-fixtures.js';
import { ringwatch } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-cp-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const LIST = [
  { list_id: 'SDN-1', name: 'ANGLO-CARIBBEAN CO., LTD.', kind: 'entity', aliases: [], country: 'GB', dob: '', source: 't', id_no: '' },
  { list_id: 'CN-1', name: '张伟明', kind: 'person', aliases: [], country: 'CN', dob: '', source: 't', id_no: '' },
];
const T0 = Date.UTC(2026, 0, 15, 9);
const tx = (id: string, extra: Partial<Transaction> = {}): Transaction => ({
  id, time: T0, from: 'A1', to: 'B1', amount: 10_000, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural', ...extra,
});
const config = { ...defaultEngineConfig(), ringRefreshMs: 0 };

test('payer and payee names score as from_screen_score / to_screen_score; the rule reviews and names the list entry', () => {
  const cp = new CounterpartyScreening(new Screener(LIST), 0.5, 1000, (id) => `bl:${id}`);
  const scorer = buildScorer(config, undefined, { counterparties: cp });
  const d = scorer.score(tx('T1', { from_name: 'Peter Miller', to_name: 'Anglo Caribbean Company Limited' }));
  const f = scorer.lastFeatures();
  assert.equal(f.from_screen_score, 0);
  assert.ok(f.to_screen_score >= 0.9, String(f.to_screen_score));
  assert.equal(d.decision, 'REVIEW');
  const reason = d.reasons.find((r) => r.rule === 'screening.counterparty_match');
  assert.ok(reason);
  assert.deepEqual(reason.values.map(([n]) => n), ['from_screen_score', 'to_screen_score', 'to_screen_entry']);
  assert.deepEqual(reason.values.at(-1), ['to_screen_entry', 'bl:SDN-1']);
  // Han names match the romanised payer too.
  const d2 = scorer.score(tx('T2', { from_name: 'ZHANG WEIMING' }));
  assert.deepEqual(d2.reasons.find((r) => r.rule === 'screening.counterparty_match')?.values.at(-1), ['from_screen_entry', 'bl:CN-1']);
  // No names: both scores 0, nothing fires.
  const quiet = scorer.score(tx('T3'));
  assert.deepEqual([scorer.lastFeatures().from_screen_score, scorer.lastFeatures().to_screen_score], [0, 0]);
  assert.equal(quiet.reasons.some((r) => r.rule === 'screening.counterparty_match'), false);
  // New list versions are taken up: with no list, names score 0.
  cp.use(undefined);
  scorer.score(tx('T4', { to_name: 'Anglo Caribbean Company Limited' }));
  assert.equal(scorer.lastFeatures().to_screen_score, 0);
  assert.equal(featureWords('to_screen_entry').en, 'Payee: list entry the name matched');
});

test('names are optional transaction fields: validated, mapped from ISO 20022 Dbtr/Cdtr Nm, not part of a transaction\'s identity', () => {
  const v = validateTransaction({ id: 'X', time: T0, from: 'A', to: 'B', amount: 5, from_name: '  Zhang Wei ', to_name: '' }, undefined, true);
  assert.ok(v.ok);
  assert.equal(v.tx.from_name, 'Zhang Wei');
  assert.equal('to_name' in v.tx, false);
  const long = validateTransaction({ id: 'X', time: T0, from: 'A', to: 'B', amount: 5, to_name: 'x'.repeat(300) });
  assert.deepEqual(!long.ok && long.errors.map((e) => e.field), ['to_name']);
  assert.deepEqual(differingFields(tx('S'), tx('S', { to_name: 'Someone' })), []);
  for (const message of [pain001({ e2e: 'E-1' }), pacs008({ e2e: 'E-2' })]) {
    const type = message.TxTp as 'pain.001.001.11' | 'pacs.008.001.10';
    const checked = validateMessage(type, message, Date.UTC(2026, 5, 1));
    assert.ok(checked.ok);
    const t = toTransaction(toPaymentMessage(checked.message));
    assert.ok('id' in t);
    assert.equal(t.from_name, 'April Blake Grant');
    assert.equal(t.to_name, 'Felicia Easton Quill');
  }
});

test('ringwatch score: names in a mapped CSV are screened against the lists stored beside the store; without lists the output is as before', () => {
  const csv = join(dir, 'tx.csv');
  writeFileSync(csv, [
    'id,time,from,to,amount,payer,payee',
    'T1,2026-01-15T09:00:00Z,A1,B1,100.00,Peter Miller,Anglo Caribbean Company Limited',
    'T2,2026-01-15T09:01:00Z,A2,B2,100.00,Mary Smith,John Brown',
  ].join('\n'));
  const store = join(dir, 'rw.db');
  const map = 'id=id,time=time,from=from,to=to,amount=amount,from_name=payer,to_name=payee';
  const before = ringwatch(['score', csv, '--map', map, '--store', store, '--out', join(dir, 'before.csv')]);
  assert.equal(before.status, 0, before.stderr);
  assert.doesNotMatch(readFileSync(join(dir, 'before.csv'), 'utf8'), /screening/);
  writeFileSync(join(dir, 'list.csv'), `list_id,name,kind,aliases,country,dob,source,id_no\nSDN-9,"ANGLO-CARIBBEAN CO., LTD.",entity,,GB,,t,\n`);
  assert.equal(ringwatch(['lists', 'import', join(dir, 'list.csv'), '--format', 'csv', '--list', 'sdn', '--store', store]).status, 0);
  const after = ringwatch(['score', csv, '--map', map, '--store', join(dir, 'rw2.db'), '--out', join(dir, 'after.csv')], { env: { ...process.env } });
  assert.equal(after.status, 0, after.stderr);
  const rows = readFileSync(join(dir, 'after.csv'), 'utf8').trim().split('\n');
  assert.match(rows[1], /^T1,.*REVIEW.*screening\.counterparty_match\(.*to_screen_entry=sdn:SDN-9/);
  assert.doesNotMatch(rows[2], /screening/);
});
