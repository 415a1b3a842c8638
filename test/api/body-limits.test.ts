import assert from 'node:assert/strict';
import { request, type ClientRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { BatchGate } from '../../src/api/batch-gate.js';
import { NdjsonLineError, readNdjson } from '../../src/api/ndjson-body.js';
import { BATCH_BODY_LIMIT, MAX_BATCH, SINGLE_BODY_LIMIT } from '../../src/api/routes/transactions.js';
import { startTestServer, type TestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-body-'));
let server: TestServer;

before(async () => {
  server = await startTestServer(join(dir, 'rw.db'), { users: false });
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const line = (i: number): string => JSON.stringify({ id: `nd${i}`, time: Date.UTC(2026, 2, 1) + i, from: `A${i % 50}`, to: `B${i % 40}`, amount: 100 + i });

async function post(path: string, contentType: string, body: string): Promise<{ status: number; body: { errors?: Array<{ field: string; reason: string }>; accepted?: number } }> {
  const r = await fetch(server.base + path, { method: 'POST', headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': contentType }, body });
  return { status: r.status, body: (await r.json()) as never };
}

async function stored(): Promise<number> {
  const r = await fetch(`${server.base}/healthz`, { headers: { authorization: `Bearer ${server.apiKey}` } });
  return ((await r.json()) as { transactions: number }).transactions;
}

test('readNdjson stops reading at the record cap: the rest of an endless body is never pulled', async () => {
  let pulled = 0;
  const endless = Readable.from((function* () {
    for (;;) {
      pulled++;
      yield Buffer.from(`${line(pulled)}\n`.repeat(10));
    }
  })());
  const err = await new Promise<Error | null>((resolve) => readNdjson(endless, { maxBytes: 1 << 30, maxRecords: 1000 }, (e) => resolve(e)));
  endless.destroy();
  assert.equal((err as { statusCode?: number }).statusCode, 413);
  assert.match(err!.message, /more than 1000 records/);
  assert.ok(pulled <= 102, `pulled ${pulled} chunks for a 1,000-record cap`);
});

test('readNdjson: lines split across chunks and multi-byte characters, blank lines skipped, bad lines kept by index', async () => {
  const text = `${line(1)}\n\n{"id":"名字",\n${line(2)}`;
  const bytes = Buffer.from(text);
  const chunks = [bytes.subarray(0, 7), bytes.subarray(7, text.indexOf('名') + 4), bytes.subarray(text.indexOf('名') + 4)];
  const out = await new Promise<unknown[]>((resolve, reject) => readNdjson(Readable.from(chunks), { maxBytes: 1 << 20, maxRecords: 10 }, (e, b) => (e ? reject(e) : resolve(b as unknown[]))));
  assert.equal(out.length, 3);
  assert.deepEqual(out[0], JSON.parse(line(1)));
  assert.ok(out[1] instanceof NdjsonLineError);
  assert.deepEqual(out[2], JSON.parse(line(2)));
  const big = await new Promise<Error | null>((resolve) => readNdjson(Readable.from([Buffer.alloc(2048, 0x20)]), { maxBytes: 1024, maxRecords: 10 }, (e) => resolve(e)));
  assert.match(big!.message, /larger than 1024 bytes/);
});

test('BatchGate: maxActive run, maxWaiting queue in order, the rest are refused; a release admits the next', async () => {
  const gate = new BatchGate(2, 1);
  const a = await gate.acquire();
  const b = await gate.acquire();
  let cAdmitted = false;
  const c = gate.acquire().then((r) => ((cAdmitted = true), r));
  assert.equal(await gate.acquire(), undefined, 'beyond the queue: refused');
  assert.equal(gate.queued, 1);
  await new Promise((r) => setImmediate(r));
  assert.equal(cAdmitted, false);
  a!();
  a!(); // a second release of the same slot changes nothing
  const releaseC = await c;
  assert.equal(cAdmitted, true);
  assert.equal(gate.inFlight, 2);
  b!();
  releaseC!();
  assert.equal(gate.inFlight, 0);
});

test('per-route body limits: a content type cannot raise the single route\'s limit', async () => {
  // NDJSON is read by the batch route only: on the single route it is an unsupported type, never a 64 MB allowance.
  const nd = await post('/v1/transactions', 'application/x-ndjson', `${line(1)}\n`);
  assert.equal(nd.status, 415);
  assert.equal(nd.body.errors![0].field, '(body)');
  const pad = 'x'.repeat(SINGLE_BODY_LIMIT);
  for (const type of ['application/json', 'text/plain']) {
    const r = await post('/v1/transactions', type, JSON.stringify({ id: 'big', time: 0, from: 'A', to: 'B', amount: 1, device: pad }));
    assert.equal(r.status, 413, type);
    assert.equal(r.body.errors![0].field, '(body)');
  }
  assert.equal(await stored(), 0);
});

test('batch caps: records counted while the NDJSON streams, bytes capped for every type, nothing stored from a refused batch', async () => {
  const over = Array.from({ length: MAX_BATCH + 5 }, (_, i) => line(i)).join('\n');
  const r = await post('/v1/transactions/batch', 'application/x-ndjson', over);
  assert.equal(r.status, 413);
  assert.match(r.body.errors![0].reason, new RegExp(`more than ${MAX_BATCH} records`));
  const arr = await post('/v1/transactions/batch', 'application/json', `[${Array.from({ length: MAX_BATCH + 1 }, (_, i) => line(i)).join(',')}]`);
  assert.equal(arr.status, 413);
  const huge = `${line(1)}\n`.repeat(Math.ceil((BATCH_BODY_LIMIT + 10) / (line(1).length + 1)));
  for (const type of ['application/x-ndjson', 'application/json']) {
    const h = await post('/v1/transactions/batch', type, type === 'application/json' ? `[${huge}]` : huge);
    assert.equal(h.status, 413, type);
    assert.equal(h.body.errors![0].field, '(body)');
  }
  assert.equal(await stored(), 0);
  const ok = await post('/v1/transactions/batch', 'application/x-ndjson', Array.from({ length: 50 }, (_, i) => line(i)).join('\n'));
  assert.equal(ok.status, 200);
  assert.equal(ok.body.accepted, 50);
});

test('concurrent large batches are bounded: two read at once, sixteen wait, the next is told to retry (503 + Retry-After)', { timeout: 60_000 }, async () => {
  const url = new URL(`${server.base}/v1/transactions/batch`);
  const open: ClientRequest[] = [];
  const start = (): Promise<number> => new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(-1));
    req.write(`${line(900_000 + open.length)}\n`); // a body that never ends
    open.push(req);
  });
  const slow = Array.from({ length: 18 }, () => start());
  await new Promise((r) => setTimeout(r, 300));
  const refused = await start();
  assert.equal(refused, 503);
  const r = await fetch(`${server.base}/v1/transactions/batch`, { method: 'POST', headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' }, body: '[]' });
  assert.equal(r.status, 503);
  assert.equal(r.headers.get('retry-after'), '1');
  // The single route and health are not held up by waiting batches.
  assert.equal((await fetch(`${server.base}/healthz`, { headers: { authorization: `Bearer ${server.apiKey}` } })).status, 200);
  for (const req of open) req.destroy();
  await Promise.all(slow);
  // Aborted requests give their slots back.
  await new Promise((r2) => setTimeout(r2, 200));
  const after2 = await post('/v1/transactions/batch', 'application/json', '[]');
  assert.equal(after2.status, 200);
});
