import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openStores } from '../../src/store/open.js';
import { addUsers, login, startTestServer } from '../helpers/harness.js';
import { pacs002, pacs008, pain001 } from '../ingest/iso20022-fixtures.js';
import { storeBackends } from './backends.js';

/**
 * The server as shipped, over each store: decisions, alerts filed into cases, users and the audit
 * log; a restart replays the store and answers the same.
 */

const cash = (i: number, hour: number, amount: string) =>
  JSON.stringify({ id: `cash-${i}`, time: `2026-04-01T0${hour}:00:00Z`, from: 'CUST-7', to: 'CASH-SH01', amount, channel: 'cash_out' });

for (const backend of storeBackends()) {
  describe(`server over ${backend.name}`, { skip: backend.skip }, () => {
    test('score, file cases, log in, restart and answer the same', async () => {
      const url = await backend.fresh('serve');
      let server = await startTestServer(url);
      assert.ok(server.adminPassword, 'the first start makes the admin');
      const key = { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' };
      const decisions: unknown[] = [];
      for (const [i, hour, amount] of [[1, 1, '30000'], [2, 3, '30000'], [3, 5, '60000']] as const) {
        const r = await fetch(`${server.base}/v1/transactions`, { method: 'POST', headers: key, body: cash(i, hour, amount) });
        assert.equal(r.status, 200);
        decisions.push(await r.json());
      }
      assert.ok(decisions.some((d) => (d as { decision: string }).decision !== 'ALLOW'), 'cash withdrawals alert');
      await addUsers(url, [['ana', 'analyst']]);
      const { cookie } = await login(server.base, 'ana');
      let cases: Array<{ id: string; subject: string }> = [];
      for (let i = 0; i < 100 && cases.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        cases = ((await (await fetch(`${server.base}/v1/cases`, { headers: { cookie } })).json()) as { cases: typeof cases }).cases;
      }
      assert.equal(cases.length, 1);
      assert.equal(cases[0].subject, 'CUST-7');
      const detail = await fetch(`${server.base}/v1/cases/${cases[0].id}`, { headers: { cookie } });
      assert.equal(detail.status, 200);
      await server.stop();

      server = await startTestServer(url);
      assert.equal(server.adminPassword, undefined, 'the admin is kept');
      assert.match(server.lines.join('\n'), /replayed 3 transactions/);
      const again = await fetch(`${server.base}/v1/transactions`, { method: 'POST', headers: key, body: cash(1, 1, '30000') });
      // The key printed at the first start still works (stored), and the same transaction is a duplicate.
      assert.equal(again.status, 200);
      const body = (await again.json()) as Record<string, unknown>;
      assert.equal(body.duplicate, true);
      assert.deepEqual({ ...body, duplicate: false }, decisions[0]);
      await server.stop();
      const stores = await openStores(url, { mustExist: true });
      assert.equal(await stores.transactions.count(), 3);
      const audit = await stores.security.auditRows(0, 100);
      assert.ok(audit.some((r) => r.action === 'case.open'), 'case filing is audited in the same store');
      await stores.close();
    });

    test('ISO 20022: a chain of messages is kept with its transfer and survives a restart', async () => {
      const url = await backend.fresh('iso');
      let server = await startTestServer(url, { users: false });
      const key = server.apiKey;
      const post = async (type: string, body: unknown) => {
        const r = await fetch(`${server.base}/v1/evaluate/iso20022/${type}`, {
          method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
      };
      const spec = { e2e: 'CHAIN-1', debtor: 'CH-D', creditor: 'CH-C', amount: '2500.00' };
      try {
        const p1 = await post('pain.001.001.11', pain001(spec));
        assert.equal(p1.status, 200, JSON.stringify(p1.body));
        assert.equal((await post('pacs.008.001.10', pacs008(spec))).status, 200);
        const p2 = await post('pacs.002.001.12', pacs002({ e2e: 'CHAIN-1', status: 'ACCC' }));
        assert.equal(p2.body.transfer.status, 'settled');
        await server.stop();
        server = await startTestServer(url, { users: false });
        const t = await fetch(`${server.base}/v1/iso20022/transfers/CHAIN-1`, { headers: { authorization: `Bearer ${key}` } });
        assert.equal(t.status, 200);
        const body = (await t.json()) as { status: string; messages: Array<{ type: string }>; decision: unknown };
        assert.equal(body.status, 'settled');
        assert.deepEqual(body.messages.map((m) => m.type), ['pain.001.001.11', 'pacs.008.001.10', 'pacs.002.001.12']);
        const { duplicate: _, ...first } = p1.body.decision as Record<string, unknown>;
        assert.deepEqual(body.decision, first);
        // A replayed message is answered as a duplicate, not scored again.
        const again = await post('pacs.008.001.10', pacs008(spec));
        assert.equal(again.status, 200);
        assert.equal(again.body.duplicate, true);
      } finally {
        await server.stop().catch(() => undefined);
      }
    });

    if (backend.name === 'postgres') {
      test('acknowledged = durable: a PostgreSQL crash (immediate stop, no checkpoint) loses no acknowledged batch', async () => {
        const url = await backend.fresh('crash');
        const stores = await openStores(url, { durability: 'full' });
        const t = (i: number) => ({ id: `K${i}`, time: Date.UTC(2026, 0, 1) + i, from: 'A', to: 'B', amount: 100 + i, currency: 'CNY', channel: 'transfer', from_type: 'natural' as const, to_type: 'natural' as const });
        for (let i = 0; i < 50; i += 10) {
          await stores.transactions.append(Array.from({ length: 10 }, (_, k) => ({ tx: t(i + k), decision: { id: `K${i + k}`, score: 0, decision: 'ALLOW' as const, reasons: [] } })));
        }
        backend.server!().stop('immediate');
        // The pool's connections died with the server: this append fails, it is not acknowledged.
        await assert.rejects(stores.transactions.append([{ tx: t(99), decision: { id: 'K99', score: 0, decision: 'ALLOW', reasons: [] } }]));
        await stores.close().catch(() => undefined);
        backend.server!().start();
        const after = await openStores(url, { mustExist: true });
        assert.equal(await after.transactions.count(), 50);
        assert.equal(await after.transactions.findDecision('K99'), undefined);
        await after.close();
      });
    }
  });
}
