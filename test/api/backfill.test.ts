import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ringwatch, startTestServer } from '../helpers/harness.js';

test('alerts stored without a case (scored offline, or cut off by a crash) are filed when the server starts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-backfill-'));
  const db = join(dir, 'rw.db');
  try {
    const file = join(dir, 'tx.csv');
    writeFileSync(file, 'id,time,from,to,amount,channel\nb1,2026-06-01T01:00:00Z,P1,CASH-1,60000,cash_out\nb2,2026-06-01T02:00:00Z,P2,Q2,10,transfer\n');
    const s = ringwatch(['score', file, '--db', db, '--durability', 'normal']);
    assert.equal(s.status, 0, s.stderr);
    const { lines, base, apiKey: key, stop } = await startTestServer(db);
    try {
      assert.ok(lines.some((l) => /1 alerts wait to be filed into cases/.test(l)), lines.join('\n'));
      let subjects: string[] = [];
      for (let i = 0; i < 100 && subjects.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const cases = (await (await fetch(`${base}/v1/cases`, { headers: { authorization: `Bearer ${key}` } })).json()) as { cases: Array<{ subject: string }> };
        subjects = cases.cases.map((c) => c.subject);
      }
      assert.deepEqual(subjects, ['P1']);
    } finally {
      await stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
