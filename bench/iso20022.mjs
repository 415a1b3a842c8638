// ISO 20022 over HTTP: `ringwatch serve` in a child process, autocannon here posting pacs.008.001.10
// in Tazama's JSON dialect to /v1/evaluate/iso20022/pacs.008.001.10, each answered with its decision
// once durable (transaction commit and message-row commit; --durability full fsyncs each commit).
// Prints one line per rate: bench=iso20022 ...
import autocannon from 'autocannon';
import { paced, pacedFields } from './paced.mjs';
import { BENCH_KEY, startServer } from './serve-child.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = BENCH_KEY;
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const rates = (process.argv[2] ?? '5000,0').split(',').map(Number);
const durability = process.argv[3] ?? 'full';

const party = (id) =>
  `{"Nm":"Party ${id}","Id":{"PrvtId":{"DtAndPlcOfBirth":{"BirthDt":"1968-02-01","CityOfBirth":"Unknown","CtryOfBirth":"ZZ"},` +
  `"Othr":[{"Id":"${id}","SchmeNm":{"Prtry":"TAZAMA_EID"}}]}},"CtctDtls":{"MobNb":"+27-${id}"}}`;
const account = (id) => `{"Id":{"Othr":[{"Id":"+27-${id}","SchmeNm":{"Prtry":"MSISDN"}}]},"Nm":"Account ${id}"}`;
const agent = (m) => `{"FinInstnId":{"ClrSysMmbId":{"MmbId":"${m}"}}}`;

/** A pacs.008 as Tazama's generator fills it: unique MsgId and EndToEndId, accounts from a pool. */
function pacs008(i, debtor, creditor, amount, time) {
  const amt = `{"Amt":{"Amt":${amount},"Ccy":"CNY"}}`;
  return `{"TxTp":"pacs.008.001.10","FIToFICstmrCdtTrf":{"GrpHdr":{"MsgId":"B-${i}","CreDtTm":"${time}","NbOfTxs":1,"SttlmInf":{"SttlmMtd":"CLRG"}},` +
    `"CdtTrfTxInf":{"PmtId":{"InstrId":"I-${i}","EndToEndId":"E-${i}"},"IntrBkSttlmAmt":${amt},"InstdAmt":${amt},"ChrgBr":"DEBT",` +
    `"ChrgsInf":{"Amt":{"Amt":0,"Ccy":"CNY"},"Agt":${agent('dfsp001')}},"InitgPty":${party(debtor)},"Dbtr":${party(debtor)},` +
    `"DbtrAcct":${account(debtor)},"DbtrAgt":${agent('dfsp001')},"CdtrAgt":${agent('dfsp002')},"Cdtr":${party(creditor)},` +
    `"CdtrAcct":${account(creditor)},"Purp":{"Cd":"MP2P"}},"RgltryRptg":{"Dtls":{"Tp":"BALANCE OF PAYMENTS","Cd":"100"}},` +
    `"RmtInf":{"Ustrd":"bench"},"SplmtryData":{"Envlp":{"Doc":{"InitgPty":{"Glctn":{"Lat":"-3.1609","Long":"38.3588"}},"Xprtn":"${time}"}}}}}`;
}

async function metric(url, name) {
  const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
  const m = new RegExp(`^${name} (\\d+)`, 'm').exec(await r.text());
  return m ? Number(m[1]) : NaN;
}

const dir = mkdtempSync(join(tmpdir(), 'rw-bench-iso-'));
const { child, url } = await startServer(join(dir, 'bench.db'), durability);
let seq = 0;
const accounts = 20_000;
const t0 = Date.UTC(2026, 0, 1);
const connectionsFor = (rate) => Number(process.env.BENCH_HTTP_CONNECTIONS ?? (rate > 0 ? 16 : 64));
const body = (i) => {
  const a = (i * 7919) % accounts;
  const b = (i * 104_729 + 1) % accounts;
  // The same accounts, amounts and times as bench/http.mjs, so the two lines compare.
  return pacs008(i, `A${a}`, `A${b}`, ((1000 + (i % 5000) * 17) / 100).toFixed(2), new Date(t0 + i * 50).toISOString());
};
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const run = (rate, duration) =>
  autocannon({
    url: `${url}/v1/evaluate/iso20022/pacs.008.001.10`,
    method: 'POST',
    connections: connectionsFor(rate),
    pipelining: 1,
    duration,
    overallRate: rate > 0 ? rate : undefined,
    headers,
    requests: [
      {
        setupRequest: (req) => {
          req.body = body(seq++);
          return req;
        },
      },
    ],
  });

try {
  await run(0, Math.min(3, seconds)); // warm-up, not reported
  for (const rate of rates) {
    const before = { c: await metric(url, 'ringwatch_commits'), t: await metric(url, 'ringwatch_committed_transactions') };
    const result = await run(rate, seconds);
    const after = { c: await metric(url, 'ringwatch_commits'), t: await metric(url, 'ringwatch_committed_transactions') };
    const commits = after.c - before.c;
    console.log(
      `bench=iso20022 message=pacs.008.001.10 durability=${durability} target_rps=${rate || 'max'} rps=${Math.round(result['2xx'] / seconds)} ` +
        `p50_ms=${result.latency.p50} p99_ms=${result.latency.p99} max_ms=${result.latency.max} non2xx=${result.non2xx} errors=${result.errors} ` +
        `timeouts=${result.timeouts} connections=${connectionsFor(rate)} tx_commits=${commits} tx_per_commit=${(commits ? (after.t - before.t) / commits : 0).toFixed(1)}`,
    );
    if (rate > 0) {
      // The same rate spread evenly (bench/paced.mjs): what a switch sending 5,000 a second sees.
      const first = seq;
      const r = await paced({ url: `${url}/v1/evaluate/iso20022/pacs.008.001.10`, headers, rate, seconds, body: (i) => body(first + i) });
      seq += r.ok + r.non2xx + r.errors;
      console.log(`bench=iso20022 message=pacs.008.001.10 durability=${durability} load=paced target_rps=${rate} ${pacedFields('paced', r, seconds)}`);
    }
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
