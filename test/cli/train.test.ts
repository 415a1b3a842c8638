import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateBank, writeCsv } from '../../src/demo/index.js';
import { ringwatch as run, type CliResult } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-train-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ringwatch = (...args: string[]): CliResult => run(args, { timeout: 300_000 });

/** A bank in a foreign layout: renamed columns, labels as yes/no, columns we never map. */
function writeBank(seed: number, path: string): void {
  const bank = generateBank({ seed, accounts: 600, days: 40, targetTransactions: 25_000 });
  const plain = join(dir, `plain-${seed}.csv`);
  writeCsv(plain, bank.transactions, bank.labels);
  const lines = readFileSync(plain, 'utf8').trim().split('\n');
  const out = ['txn,ts,payer,payee,amt,kind,payer_kind,payee_kind,dev,sar,typ,grp'];
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    out.push([c[0], c[1], c[2], c[3], c[4], c[6], c[7], c[8], c[9], c[13] === '1' ? 'Yes' : 'No', c[14], c[15]].join(','));
  }
  writeFileSync(path, out.join('\n') + '\n');
}

const MAP = 'id=txn,time=ts,from=payer,to=payee,amount=amt,channel=kind,from_type=payer_kind,to_type=payee_kind,device=dev';

test('train on one bank, evaluate on another: the model beats the rules alone and explains itself', () => {
  const trainFile = join(dir, 'train.csv');
  const testFile = join(dir, 'test.csv');
  writeBank(101, trainFile);
  writeBank(202, testFile);
  const model = join(dir, 'model.json');
  const t = ringwatch('train', trainFile, '--map', MAP, '--label', 'sar', '--until', '0.7', '--valid', '0.3', '--trees', '60', '--out', model);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /trained \d+ trees on \d+ rows × \d+ features/);
  const file = JSON.parse(readFileSync(model, 'utf8')) as { format: string; version: number; model: { featureNames: string[] }; rules: { trusted: Array<{ id: string; hits: number; positives: number }> } };
  // Rules trusted beside the model: each measured at 10+ positive hits, 95 %+ of its hits; the summary names them.
  const trustedLine = t.stdout.split('\n').find((l) => l.startsWith('rules trusted beside the model: '));
  assert.ok(trustedLine, t.stdout);
  for (const r of file.rules.trusted) {
    assert.ok(r.positives >= 10 && r.positives >= 0.95 * r.hits, JSON.stringify(r));
    assert.ok(trustedLine.includes(`${r.id} (${r.positives} of ${r.hits} hits positive)`), trustedLine);
  }
  if (file.rules.trusted.length === 0) assert.match(trustedLine, /: none \(/);
  assert.equal(file.format, 'ringwatch-model');
  assert.equal(file.version, 1);
  assert.ok(file.model.featureNames.includes('from_in_uniq_24h'));

  const e = ringwatch('evaluate', testFile, '--map', MAP, '--label', 'sar', '--pattern', 'typ', '--instance', 'grp', '--model', model);
  assert.equal(e.status, 0, e.stderr);
  const lines = e.stdout.trim().split('\n');
  const parse = (line: string): Record<string, number> => Object.fromEntries(line.split(' ').map((kv) => kv.split('=')).filter(([, v]) => !Number.isNaN(Number(v))).map(([k, v]) => [k, Number(v)]));
  const rules = parse(lines.find((l) => l.startsWith('F1=') && l.endsWith('mode=rules'))!);
  const withModel = parse(lines.at(-1)!);
  assert.match(lines.at(-1)!, /^F1=\S+ PRAUC=\S+ precision=\S+ recall=\S+ .*mode=model$/);
  assert.ok(withModel.PRAUC > rules.PRAUC, `model PR-AUC ${withModel.PRAUC} vs rules ${rules.PRAUC}`);
  assert.ok(withModel.F1 > 0.5, `model F1 ${withModel.F1}`);

  const out = join(dir, 'decisions.csv');
  const s = ringwatch('score', testFile, '--map', MAP, '--model', model, '--out', out);
  assert.equal(s.status, 0, s.stderr);
  assert.match(readFileSync(out, 'utf8'), /model\(p=[\d.]+,[a-z_0-9]+=[^\]]+\[[+-][\d.]+\]/, 'model reasons carry feature contributions');
});

test('a model whose features the engine lacks is refused by name', () => {
  const bad = join(dir, 'bad-model.json');
  const good = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { model: { featureNames: string[] } };
  good.model.featureNames[0] = 'no_such_feature';
  writeFileSync(bad, JSON.stringify(good));
  const r = ringwatch('score', join(dir, 'test.csv'), '--map', MAP, '--model', bad);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no_such_feature/);
});

test('train: a big file\'s search features on a second thread give the same model as one thread', () => {
  const file = join(dir, 'bank-split.csv');
  writeBank(23, file);
  const models = ['0', ''].map((thread) => {
    const out = join(dir, `split-${thread || 'on'}.json`);
    const r = run(['train', file, '--map', MAP, '--label', 'sar', '--until', '0.6', '--no-search', '--trees', '60', '--out', out], { env: { ...process.env, RINGWATCH_SEARCH_THREAD: thread }, timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(/search features computed on a second thread/.test(r.stdout), thread === '', r.stdout);
    assert.match(r.stdout, /trained with 5 sampling seeds and averaged/, 'the one candidate, bagged by default');
    const m = JSON.parse(readFileSync(out, 'utf8')) as { training: Record<string, unknown>; model?: Record<string, unknown> };
    // Only when it was trained and how long it took may differ.
    delete m.training.trained_at;
    delete m.training.seconds;
    if (m.model) delete m.model.trainedAt;
    return m;
  });
  assert.deepEqual(models[1], models[0]);
});

test('train --bag: a whole number of seeds, refused by name otherwise', () => {
  for (const bad of ['0', '21', '2.5', 'x']) {
    const r = ringwatch('train', join(dir, 'train.csv'), '--map', MAP, '--label', 'sar', '--bag', bad, '--out', join(dir, 'never.json'));
    assert.notEqual(r.status, 0, bad);
    assert.match(r.stderr, /--bag must be a whole number 1–20/, bad);
  }
});
