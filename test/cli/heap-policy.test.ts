import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { applyHeapGrowth } from '../../src/cli/heap-policy.js';

const policy = fileURLToPath(new URL('../../src/cli/heap-policy.js', import.meta.url));

/**
 * Peak heap in use in a child process that keeps about 60 MB live while objects that outlive
 * the young generation keep replacing each other (a server's steady promotion), with the given
 * heap growth applied at run time.
 */
function peakHeapMb(growth: number): number {
  const script = `
    const { applyHeapGrowth } = await import(${JSON.stringify(policy)});
    applyHeapGrowth(${growth});
    const live = [];
    for (let i = 0; i < 400000; i++) live.push({ a: i, b: 'x' + i, c: [i] });
    const ring = new Array(300000).fill(null);
    let peak = 0;
    for (let k = 0; k < 4000000; k++) {
      ring[k % ring.length] = { k, s: 'y' + k, arr: [k, k, k, k, k, k, k, k] };
      if (k % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    process.stdout.write(String(peak / 1048576) + ' ' + live.length);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out.split(' ')[0]);
}

test('--heap-growth takes a whole percentage 0–1000 and names itself otherwise', () => {
  assert.equal(applyHeapGrowth('0'), 0);
  for (const bad of ['-1', '1.5', 'abc', '', '1001']) assert.throws(() => applyHeapGrowth(bad), /--heap-growth must be a whole percentage 0–1000/);
});

test('heap growth set at run time bounds the old generation: the peak heap stays far below what V8 reaches on its own', () => {
  const own = peakHeapMb(0);
  const bounded = peakHeapMb(20);
  assert.ok(bounded < 0.6 * own, `peak with 20 % growth ${bounded.toFixed(0)} MB, with V8's heuristic ${own.toFixed(0)} MB`);
});
