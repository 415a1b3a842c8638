import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBar, type ProgressStream } from '../../src/ingest/progress.js';

function fakeStream(isTTY: boolean): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns: 200, written, write: (s: string) => written.push(s) };
}

test('on a TTY: draws at most once per interval, shows percent, rows and rate; finish ends the line', () => {
  const stream = fakeStream(true);
  let now = 0;
  const bar = new ProgressBar({ totalBytes: 1000, stream, now: () => now });
  now = 50;
  bar.update(100, 1000);
  now = 90;
  bar.update(200, 2000); // within 100 ms of the last draw: skipped
  now = 160;
  bar.update(500, 5000);
  assert.equal(stream.written.length, 2);
  assert.match(stream.written[1], /^\ringest  50\.0% █{12}░{12} 5,000 rows  31,250 rows\/s\x1b\[K$/);
  now = 2000;
  bar.update(1000, 10_000);
  bar.finish();
  bar.finish();
  const last = stream.written[stream.written.length - 1];
  assert.match(last, /100\.0% █{24} 10,000 rows  5,000 rows\/s\x1b\[K\n$/);
  assert.equal(stream.written.filter((s) => s.endsWith('\n')).length, 1);
  bar.update(1000, 10_000);
  assert.equal(stream.written[stream.written.length - 1], last);
});

test('not a TTY: a short job writes nothing at all', () => {
  const stream = fakeStream(false);
  const bar = new ProgressBar({ totalBytes: 10, stream });
  bar.update(5, 5);
  bar.finish();
  assert.deepEqual(stream.written, []);
});

test('not a TTY: a long job writes a plain line per interval and a last one when done', () => {
  const stream = fakeStream(false);
  let now = 0;
  const bar = new ProgressBar({ totalBytes: 1000, stream, now: () => now, label: 'read', lineIntervalMs: 10_000 });
  now = 5_000;
  bar.update(100, 1000);
  assert.deepEqual(stream.written, [], 'nothing before the first interval');
  now = 10_000;
  bar.update(250, 2500);
  now = 15_000;
  bar.update(400, 4000);
  now = 20_000;
  bar.update(500, 5000);
  now = 21_000;
  bar.update(1000, 10_000);
  bar.finish();
  assert.deepEqual(stream.written, [
    'read 25.0% 2,500 rows 250 rows/s 10 s\n',
    'read 50.0% 5,000 rows 250 rows/s 20 s\n',
    'read 100.0% 10,000 rows 476 rows/s 21 s done\n',
  ]);
  assert.ok((stream.written as string[]).every((l: string) => !l.includes('\x1b') && !l.includes('\r')), 'no escape codes in a log');
});

test('without a total: rows and rate only; long lines are cut to the terminal width', () => {
  const stream = fakeStream(true);
  stream.columns = 20;
  let now = 0;
  const bar = new ProgressBar({ stream, now: () => now, label: 'score' });
  now = 1000;
  assert.equal(bar.render(now), 'score 0 rows  0 rows/s');
  bar.update(0, 1234);
  assert.equal(stream.written[0], '\rscore 1,234 rows  1\x1b[K');
});
