import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { validateGoaml } from '../../src/cases/report/goaml-schema.js';
import { validatePboc } from '../../src/cases/report/pboc-schema.js';
import { DEMO_INSTITUTION } from '../../src/demo/institution.js';
import { defaultEngineConfig, loadConfigFile } from '../../src/engine/config.js';
import { addUsers, login, ringwatch, startTestServer } from '../helpers/harness.js';

/**
 * The demo as shipped, through the HTTP API and the CLI: every case of a small demo run (ring
 * cases included) exports as goAML and as a PBOC suspicious report (BSTR), each valid; a case
 * merged into a ring case is refused naming the ring case; cases with large-value transactions
 * export as a PBOC large-value report (HVTR), the others are refused by name.
 */

const CONFIG = fileURLToPath(new URL('../../../config/demo-institution.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rw-reports-demo-'));
const db = join(dir, 'demo.db');
let base = '';
let stop: () => Promise<void> = async () => {};
let cookie = '';
let ids: string[] = [];
let rings: string[] = [];
let reportable = 0;

before(async () => {
  // 40 days: gangs form past the 30-day burn-in, so the run has ring cases (and cases merged into them).
  const run = ringwatch(['demo', '--no-serve', '--db', db, '--accounts', '400', '--transactions', '9000', '--days', '40', '--seed', '11'], { timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const institution = loadConfigFile(CONFIG, defaultEngineConfig()).institution;
  ({ base, stop } = await startTestServer(db, { config: { institution } }));
  await addUsers(db, [['sup', 'supervisor']]);
  cookie = (await login(base, 'sup')).cookie;
  const body = (await (await fetch(`${base}/v1/cases?limit=500`, { headers: { cookie } })).json()) as Record<string, Array<{ id: string; ring: string | null; alert_count: number }>>;
  const list = body.cases ?? body.items ?? [];
  ids = list.map((c) => c.id);
  rings = list.filter((c) => c.ring !== null && c.alert_count > 0).map((c) => c.id);
});

after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the shipped sample institution config is the demo\'s institution', () => {
  assert.deepEqual(loadConfigFile(CONFIG, defaultEngineConfig()).institution, JSON.parse(JSON.stringify(DEMO_INSTITUTION)));
});

test('HTTP: every demo case exports as valid goAML and PBOC BSTR XML; HVTR where the case holds large-value transactions', async () => {
  assert.ok(ids.length >= 20, `a small demo files some cases (${ids.length})`);
  assert.ok(rings.length > 0, 'the run has ring cases');
  let hvtr = 0;
  let merged = 0;
  for (const id of ids) {
    const g = await fetch(`${base}/v1/cases/${id}/report?format=goaml&unmask=1`, { headers: { cookie } });
    const gText = await g.text();
    if (g.status === 422 && /the case was merged into ring case CASE-\S+, which holds its alerts: export that case/.test(gText)) {
      merged++;
      continue;
    }
    assert.equal(g.status, 200, `${id} goAML: ${gText}`);
    assert.deepEqual(validateGoaml(gText), [], `${id} goAML`);
    const p = await fetch(`${base}/v1/cases/${id}/report?format=pboc&unmask=1`, { headers: { cookie } });
    const pText = await p.text();
    assert.equal(p.status, 200, `${id} PBOC: ${pText}`);
    const name = p.headers.get('x-ringwatch-file-name') ?? '';
    assert.match(name, /^NBSC1000000000001-\d{8}-00000001\.XML$/);
    assert.match(p.headers.get('content-disposition') ?? '', new RegExp(name.replace(/\./g, '\\.')));
    assert.deepEqual(validatePboc(pText, { fileName: name }), [], `${id} BSTR`);
    const h = await fetch(`${base}/v1/cases/${id}/report?format=pboc-hvtr&unmask=1`, { headers: { cookie } });
    if (h.status === 200) {
      hvtr++;
      assert.deepEqual(validatePboc(await h.text(), { fileName: h.headers.get('x-ringwatch-file-name') ?? '' }), [], `${id} HVTR`);
    } else {
      assert.equal(h.status, 422);
      const body = (await h.json()) as { missing: string[] };
      assert.match(body.missing[0], /^CATIs\/CATI is required: no transaction of this case met a large-value criterion/);
    }
  }
  assert.ok(hvtr > 0, 'some demo cases hold large-value transactions');
  assert.ok(merged > 0, 'cases merged into ring cases are refused, naming the ring case');
  reportable = ids.length - merged;
});

test('HTTP: masked previews pass too; the analyst edits the narrative before export; drafts in zh and en', async () => {
  const id = rings[0];
  for (const format of ['goaml', 'pboc']) {
    const r = await fetch(`${base}/v1/cases/${id}/report?format=${format}`, { headers: { cookie } });
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal(r.headers.get('x-ringwatch-masked'), 'true');
  }
  const drafts = (await (await fetch(`${base}/v1/cases/${id}/narrative?language=zh&unmask=1`, { headers: { cookie } })).json()) as { narrative: string; analysis: string };
  assert.match(drafts.narrative, /期间，可疑主体账户/);
  assert.match(drafts.analysis, /^疑点：/);
  const en = (await (await fetch(`${base}/v1/cases/${id}/narrative?language=en`, { headers: { cookie } })).json()) as { narrative: string };
  assert.match(en.narrative, /^Between \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2} the subject account/);
  const edited = `${drafts.narrative}（经分析员复核）`;
  const post = await fetch(`${base}/v1/cases/${id}/report?unmask=1`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'pboc', narrative: edited, analysis: '疑似过渡账户，建议报告。', file_type: 'normal', sequence: 12 }),
  });
  const text = await post.text();
  assert.equal(post.status, 200, text);
  assert.equal(post.headers.get('x-ringwatch-file-name')?.slice(-12), '00000012.XML');
  assert.ok(text.includes(`<STCB>${edited}</STCB>`) && text.includes('<AOSP>疑似过渡账户，建议报告。</AOSP>'));
  const bad = await fetch(`${base}/v1/cases/${id}/report`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ format: 'pboc', file_type: 'later' }) });
  assert.equal(bad.status, 400);
  assert.deepEqual(((await bad.json()) as { errors: unknown[] }).errors, [{ field: 'file_type', reason: 'must be one of normal, correction, supplement, resend' }]);
  const tooLong = await fetch(`${base}/v1/cases/${id}/report?unmask=1`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ format: 'goaml', narrative: 'x'.repeat(9000) }) });
  assert.equal(tooLong.status, 422, 'goAML reason is at most 8000 characters');
  assert.ok(((await tooLong.json()) as { missing: string[] }).missing.includes('report/reason is 9000 characters long, at most 8000 allowed'));
});

test('CLI: report all writes a valid file for every case; report validate names a broken element', () => {
  for (const format of ['goaml', 'pboc']) {
    const out = join(dir, `out-${format}`);
    const r = ringwatch(['report', 'all', '--db', db, '--config', CONFIG, '--format', format, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`ringwatch report: ${reportable} written, 0 refused, ${ids.length - reportable} skipped \\(merged into ring cases\\)`));
    const files = readdirSync(out);
    assert.equal(files.length, reportable);
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8');
      assert.deepEqual(format === 'goaml' ? validateGoaml(text) : validatePboc(text), [], f);
    }
    const one = join(out, files[0]);
    assert.equal(ringwatch(['report', 'validate', one]).status, 0);
    const broken = join(dir, `broken-${format}.xml`);
    writeFileSync(broken, readFileSync(one, 'utf8').replace(format === 'goaml' ? /<report_code>STR<\/report_code>/ : /<DETR>01<\/DETR>/, ''));
    const v = ringwatch(['report', 'validate', broken]);
    assert.equal(v.status, 1);
    assert.match(v.stdout, format === 'goaml' ? /report\/report_code is required/ : /BSTR\/RBIF\/DETR is required/);
  }
  const hv = ringwatch(['report', 'all', '--db', db, '--config', CONFIG, '--format', 'pboc-hvtr', '--out', join(dir, 'out-hvtr')]);
  assert.equal(hv.status, 1, 'cases without large-value transactions are refused, each named');
  assert.match(hv.stderr, /no pboc\.lv\.\* rule fired/);
  const noConfig = ringwatch(['report', 'export', rings[0], '--db', db]);
  assert.equal(noConfig.status, 2);
  assert.match(noConfig.stderr, /no institution settings: pass --config with an `institution` key/);
  const one = ringwatch(['report', 'export', rings[0], '--db', db, '--config', CONFIG, '--format', 'pboc', '--language', 'en']);
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /<STCB>Between /);
});
