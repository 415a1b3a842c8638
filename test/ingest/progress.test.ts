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

test('not a TTY: writes nothing at all', () => {
  const stream = fakeStream(false);
  const bar = new ProgressBar({ totalBytes: 10, stream });
  bar.update(5, 5);
  bar.finish();
  assert.deepEqual(stream.written, []);
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
