import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ringwatch as run, type CliResult } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-rings-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ringwatch = (...args: string[]): CliResult => run(args, { timeout: 60_000 });

// Two rings on their own devices, a bystander, and a mule path X → M → V.
const CSV = [
  'ref,at,payer,payee,amt,handset',
  'a1,2026-05-01T10:00:00Z,R1,R2,900,D1',
  'a2,2026-05-01T10:05:00Z,R2,R3,880,D1',
  'a3,2026-05-01T10:10:00Z,R3,R1,860,D1',
  'b1,2026-05-01T11:00:00Z,S1,S2,500,D2',
  'b2,2026-05-01T11:05:00Z,S2,S3,480,D2',
  'b3,2026-05-01T11:06:00Z,S3,S4,470,D2',
  'c1,2026-05-01T12:00:00Z,X,M,5000,',
  'c2,2026-05-01T12:30:00Z,M,V,4950,',
  'c3,2026-05-01T09:00:00Z,Q,X,10,',
].join('\n');
const MAP = 'id=ref,time=at,from=payer,to=payee,amount=amt,device=handset';

test('rings FILE --map --algorithm components: two device-sharing rings with stable ids, identical on a second run', () => {
  const file = join(dir, 'tx.csv');
  writeFileSync(file, CSV);
  const out = join(dir, 'rings.csv');
  const r = ringwatch('rings', file, '--map', MAP, '--algorithm', 'components', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /components: 2 rings/);
  const rows = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'ring,size,risk,members,reasons');
  const members = rows.slice(1).map((l) => l.split(',')[3]).sort();
  assert.deepEqual(members, ['R1 R2 R3', 'S1 S2 S3'], 'S4 only received: it never used the device');
  const again = join(dir, 'rings2.csv');
  assert.equal(ringwatch('rings', file, '--map', MAP, '--algorithm', 'components', '--out', again).status, 0);
  assert.equal(readFileSync(again, 'utf8'), readFileSync(out, 'utf8'), 'deterministic');
  const leiden = ringwatch('rings', file, '--map', MAP, '--algorithm', 'leiden', '--min-size', '2');
  assert.equal(leiden.status, 0, leiden.stderr);
  assert.match(leiden.stdout, /leiden: \d+ rings .* modularity 0\.\d+/);
});

test('paths FILE --map --listed: the path from a listed account, time-respecting, and refusals', () => {
  const file = join(dir, 'tx.csv');
  writeFileSync(file, CSV);
  const listed = join(dir, 'listed.csv');
  writeFileSync(listed, 'kind,value\naccount,X\n');
  const r = ringwatch('paths', file, '--map', MAP, '--listed', listed, '--from', 'V', '--upstream');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /2 hop\(s\): X -\[c1 .*\]-> M -\[c2 .*\]-> V/);
  // Q paid X before X paid M: Q → X → M is time-respecting, but nothing reaches Q from X.
  const back = ringwatch('paths', file, '--map', MAP, '--listed', listed, '--from', 'Q', '--upstream');
  assert.match(back.stdout, /^0 path\(s\)/);
  const json = ringwatch('paths', file, '--map', MAP, '--from', 'X', '--to', 'V', '--json');
  const body = JSON.parse(json.stdout) as { paths: Array<{ transactions: string[] }>; subgraph: { edges: unknown[] } };
  assert.deepEqual(body.paths[0].transactions, ['c1', 'c2']);
  assert.equal(body.subgraph.edges.length, 2);
  const capped = ringwatch('paths', file, '--map', MAP, '--from', 'X', '--to', 'V', '--max-hops', '1');
  assert.match(capped.stdout, /^0 path\(s\)/, 'two hops needed, one allowed');
});

test('rings FILE: a loop of first-time links closed after 40 days of routine payments is one gang, its loop kept as a motif', () => {
  // Routine: ten households pay the same two merchants every day (repeat links, no loop).
  const rows = ['ref,at,payer,payee,amt'];
  const day = (d: number, h: number): string => new Date(Date.UTC(2026, 0, 1 + d, h)).toISOString();
  let n = 0;
  for (let d = 0; d < 40; d++) for (let h = 0; h < 10; h++) rows.push(`r${n++},${day(d, 8)},H${h},${h % 2 ? 'SHOP' : 'GRID'},${50 + h}`);
  // Day 41–45: A → B → C → D → E, each a first payment, then E → A closes the loop (five
  // accounts: one alert and four hops, evidence worth five alerts, a ring on its own).
  rows.push(`l1,${day(41, 9)},LA,LB,9000`, `l2,${day(42, 9)},LB,LC,8900`, `l3,${day(43, 9)},LC,LD,8800`, `l4,${day(44, 9)},LD,LE,8700`, `l5,${day(45, 9)},LE,LA,8600`);
  const file = join(dir, 'loop.csv');
  writeFileSync(file, rows.join('\n'));
  const out = join(dir, 'loop.json');
  const r = ringwatch('rings', file, '--map', 'id=ref,time=at,from=payer,to=payee,amount=amt', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { rings: Array<{ members: string[]; evidence: Array<{ id: string }>; motifs: Array<{ kind: string; via: string; accounts: string[] }> }> };
  assert.equal(report.rings.length, 1);
  assert.deepEqual(report.rings[0].members, ['LA', 'LB', 'LC', 'LD', 'LE']);
  assert.deepEqual(report.rings[0].evidence.map((e) => e.id), ['l5'], 'only the closing transfer alerted');
  assert.deepEqual(report.rings[0].motifs, [{ kind: 'cycle', via: 'l5', accounts: ['LA', 'LB', 'LC', 'LD', 'LE'], transactions: ['l1', 'l2', 'l3', 'l4'] }]);
  // score names the rule and the loop's length on the closing transfer.
  const d = join(dir, 'loop-decisions.csv');
  assert.equal(ringwatch('score', file, '--map', 'id=ref,time=at,from=payer,to=payee,amount=amt', '--out', d).status, 0);
  const l5 = readFileSync(d, 'utf8').split('\n').find((l) => l.startsWith('l5,'))!;
  assert.match(l5, /REVIEW|BLOCK/);
  assert.match(l5, /shape\.cycle_new_links\(cycle_new_len=5/);
  assert.match(l5, /pattern\.cycle_new_links\(cycle_new_len=5\)/);
});

test('rings FILE --listed: the list is known while scoring; payers into the listed account join its ring, the shops it pays do not', () => {
  const rows = ['ref,at,payer,payee,amt'];
  const day = (d: number, h: number): string => new Date(Date.UTC(2026, 0, 1 + d, h)).toISOString();
  let n = 0;
  // 40 days of routine: households pay two merchants; X pays the same two shops every day.
  for (let d = 0; d < 40; d++) {
    for (let h = 0; h < 6; h++) rows.push(`r${n++},${day(d, 8)},H${h},${h % 2 ? 'SHOP1' : 'SHOP2'},${50 + h}`);
    rows.push(`x${n++},${day(d, 9)},X,${d % 2 ? 'SHOP1' : 'SHOP2'},40`);
  }
  // Day 41–42: four people pay X for the first time (a mule collecting), X keeps shopping.
  for (let v = 0; v < 4; v++) rows.push(`v${v},${day(41, 10 + v)},V${v},X,${3000 + v}`);
  for (let d = 41; d < 43; d++) rows.push(`x${n++},${day(d, 9)},X,SHOP${1 + (d % 2)},40`);
  const file = join(dir, 'listed-rings.csv');
  writeFileSync(file, rows.join('\n'));
  const listed = join(dir, 'listed-x.csv');
  writeFileSync(listed, 'kind,value\naccount,X\n');
  const map = 'id=ref,time=at,from=payer,to=payee,amount=amt';
  const out = join(dir, 'listed-rings.json');
  const r = ringwatch('rings', file, '--map', map, '--listed', listed, '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { rings: Array<{ members: string[]; reasons: Array<{ name: string; value: number }> }> };
  assert.deepEqual(report.rings.map((g) => g.members), [['V0', 'V1', 'V2', 'V3', 'X']]);
  assert.ok(report.rings[0].reasons.some((x) => x.name === 'listed_members' && x.value > 0), 'the ring has a listed member');
  // Without the list nothing about X alerts: no ring.
  const none = ringwatch('rings', file, '--map', map, '--out', join(dir, 'unlisted-rings.json'));
  assert.equal(none.status, 0, none.stderr);
  assert.equal((JSON.parse(readFileSync(join(dir, 'unlisted-rings.json'), 'utf8')) as { rings: unknown[] }).rings.length, 0);
});

test('rings FILE: a big file\'s search features on a second thread give the same rings as one thread', () => {
  // 24,000 routine payments over 40 days (households to shops, shops to wholesalers), then three
  // loops of first-time links: above the size that starts the worker.
  const rows = ['ref,at,payer,payee,amt'];
  const at = (d: number, h: number, m = 0): string => new Date(Date.UTC(2026, 0, 1 + d, h, m)).toISOString();
  let n = 0;
  for (let d = 0; d < 40; d++) {
    for (let h = 0; h < 580; h++) rows.push(`r${n++},${at(d, 8 + (h % 10), h % 60)},H${h},S${(h * 7 + d) % 50},${20 + ((h * 13 + d) % 400)}`);
    for (let s = 0; s < 20; s++) rows.push(`w${n++},${at(d, 20)},S${(s * 3 + d) % 50},W${s % 6},${1000 + s * 10 + d}`);
  }
  for (let k = 0; k < 3; k++) {
    const m = ['A', 'B', 'C', 'D', 'E'].map((x) => `L${k}${x}`);
    m.forEach((a, j) => rows.push(`l${k}${j},${at(41 + j, 9 + k)},${a},${m[(j + 1) % 5]},${9000 - j * 100 - k}`));
  }
  const file = join(dir, 'big-loops.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  const map = 'id=ref,time=at,from=payer,to=payee,amount=amt';
  const one = join(dir, 'big-one.csv');
  const two = join(dir, 'big-two.csv');
  const single = run(['rings', file, '--map', map, '--out', one], { env: { ...process.env, RINGWATCH_SEARCH_THREAD: '0' }, timeout: 120_000 });
  assert.equal(single.status, 0, single.stderr);
  assert.doesNotMatch(single.stdout, /second thread/);
  const split = run(['rings', file, '--map', map, '--out', two], { env: { ...process.env, RINGWATCH_SEARCH_THREAD: '' }, timeout: 120_000 });
  assert.equal(split.status, 0, split.stderr);
  assert.match(split.stdout, /search features on a second thread/);
  const rings = readFileSync(one, 'utf8');
  assert.equal(readFileSync(two, 'utf8'), rings);
  for (let k = 0; k < 3; k++) assert.match(rings, new RegExp(`,L${k}A L${k}B L${k}C L${k}D L${k}E,`), `loop ${k} is a ring`);
});
