import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserMissing, e2eScript } from '../helpers/browser.js';
import { MAIN, PASSWORD } from '../helpers/harness.js';
import Database from 'better-sqlite3';
import { validateGoaml } from '../../src/cases/report/goaml-schema.js';
import { validatePboc } from '../../src/cases/report/pboc-schema.js';
import { parseXml } from '../cases/xml-check.js';

/**
 * The first hour with the demo as shipped, in Chromium: `ringwatch demo` (a small bank, so the
 * test takes about a minute) prints the admin's one-time password and serves; the browser walk
 * (web/e2e/demo-walk.e2e.mjs) signs in with it, compares the overview with the store's own counts
 * (read here from the SQLite file), works the queue's top case to "reported", exports goAML and
 * PBOC XML (validated again here, as downloaded), has a supervisor — added with the command the
 * demo prints — unmask the case, finds that in the audit log and follows a ring to its members'
 * cases.
 */

const E2E = e2eScript('demo-walk.e2e.mjs');
const missing = browserMissing();

interface Demo {
  child: ChildProcess;
  base: string;
  admin: string;
  password: string;
  addUser: string;
  out: () => string;
}

/** Starts the demo and waits for what a new user reads: the address, the admin's one-time password, how to add a user. */
function startDemo(store: string, cwd: string): Promise<Demo> {
  const child = spawn(process.execPath, [MAIN, 'demo', '--store', store, '--port', '0', '--transactions', '20000', '--accounts', '600', '--days', '45'], {
    cwd, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the demo did not come up: ${out}`)), 180_000);
    const seen = (): void => {
      const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const login = /dashboard user (\S+), one-time password[^:]*: (\S+)/.exec(out);
      const addUser = /add a user: (.+)/.exec(out)?.[1];
      if (base && login && addUser && /API key for this session/.test(out)) {
        clearTimeout(timer);
        resolve({ child, base, admin: login[1], password: login[2], addUser: addUser.trim(), out: () => out });
      }
    };
    child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), seen()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}): ${out}`)));
  });
}

test('the demo as shipped, walked in Chromium: admin, overview = store, top case reported and exported, supervisor unmasks (audited), ring to members\' cases', { skip: missing, timeout: 420_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-walk-'));
  const store = join(dir, 'demo.db');
  const downloads = join(dir, 'downloads');
  mkdirSync(downloads);
  const demo = await startDemo(store, dir);
  try {
    // A supervisor, added the way the demo's first-run output says (npx ringwatch users add NAME --role analyst --store …).
    assert.match(demo.addUser, /^npx ringwatch users add NAME --role analyst --store /);
    const add = demo.addUser.replace(/^npx ringwatch /, '').split(/\s+/).map((w) => (w === 'NAME' ? 'sam' : w === 'analyst' ? 'supervisor' : w));
    const added = spawnSync(process.execPath, [MAIN, ...add, '--password-env', 'PW'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PW: PASSWORD } });
    assert.equal(added.status, 0, added.stderr);

    // The store's own counts, read from its file.
    const db = new Database(store, { readonly: true, fileMustExist: true });
    const counts: Record<string, number> = { transactions: 0, REVIEW: 0, BLOCK: 0 };
    for (const r of db.prepare('SELECT decision, count(*) AS n FROM transactions GROUP BY decision').all() as Array<{ decision: string; n: number }>) {
      counts.transactions += r.n;
      if (r.decision in counts) counts[r.decision] = r.n;
    }
    db.close();
    assert.ok(counts.transactions > 15_000 && counts.REVIEW > 0 && counts.BLOCK > 0, JSON.stringify(counts));

    const r = spawnSync(process.execPath, [E2E], {
      encoding: 'utf8', timeout: 300_000,
      env: {
        ...process.env, BASE_URL: demo.base, ADMIN_USER: demo.admin, ADMIN_PASSWORD: demo.password, NEW_PASSWORD: `${PASSWORD} anew`,
        SUPERVISOR_USER: 'sam', SUPERVISOR_PASSWORD: PASSWORD, STORE_COUNTS: JSON.stringify(counts), DOWNLOAD_DIR: downloads,
      },
    });
    process.stdout.write(r.stdout.split('\n').map((l) => `# ${l}`).join('\n') + '\n');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout.trim().split('\n').at(-1) ?? '', /^\d+ passed, 0 failed$/);

    // The two reports as downloaded: well-formed XML (xmllint and our own parser) and valid by the published rules.
    const files = readdirSync(downloads).sort();
    assert.equal(files.length, 2, files.join(', '));
    for (const file of files) {
      const [format, name] = file.split('--');
      const xml = readFileSync(join(downloads, file), 'utf8');
      const lint = spawnSync('xmllint', ['--noout', join(downloads, file)], { encoding: 'utf8' });
      if (!lint.error) assert.equal(lint.status, 0, `${file}: ${lint.stderr}`);
      const root = parseXml(xml);
      if (format === 'goaml') {
        assert.equal(root.name, 'report');
        assert.deepEqual(validateGoaml(xml), [], file);
      } else {
        assert.equal(root.name, 'BSTR');
        assert.deepEqual(validatePboc(xml, { fileName: name }), [], file);
      }
    }
  } finally {
    demo.child.kill('SIGTERM');
    await new Promise((res) => demo.child.once('exit', res).once('error', res));
    rmSync(dir, { recursive: true, force: true });
  }
});
