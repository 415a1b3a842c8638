import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../src/cli/serve.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { SqliteStore } from '../../src/store/sqlite.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('alerts stored without a case (scored offline, or cut off by a crash) are filed when the server starts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-backfill-'));
  const db = join(dir, 'rw.db');
  try {
    const file = join(dir, 'tx.csv');
    writeFileSync(file, 'id,time,from,to,amount,channel\nb1,2026-06-01T01:00:00Z,P1,CASH-1,60000,cash_out\nb2,2026-06-01T02:00:00Z,P2,Q2,10,transfer\n');
    const s = spawnSync(process.execPath, [MAIN, 'score', file, '--db', db, '--durability', 'normal'], { encoding: 'utf8' });
    assert.equal(s.status, 0, s.stderr);
    let lines: string[] = [];
    const stop = await startServer({ ...defaultEngineConfig(), durability: 'normal' }, new SqliteStore(db, { durability: 'normal' }), {
      db, port: 0, host: '127.0.0.1', logLevel: 'silent', announce: (l) => (lines = l),
    });
    try {
      assert.ok(lines.some((l) => /filed 1 alerts that had no case yet/.test(l)), lines.join('\n'));
      const base = lines.find((l) => l.includes('listening on'))!.split('listening on ')[1];
      const key = lines.find((l) => l.includes('API key'))!.split(': ').pop()!;
      const cases = (await (await fetch(`${base}/v1/cases`, { headers: { authorization: `Bearer ${key}` } })).json()) as { cases: Array<{ subject: string }> };
      assert.deepEqual(cases.cases.map((c) => c.subject), ['P1']);
    } finally {
      await stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
