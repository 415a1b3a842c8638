import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clock, DAY, HOUR, LOCAL_OFFSET } from '../../src/demo/calendar.js';
import { fitIntoPeriod } from '../../src/demo/instance.js';
import { Rng } from '../../src/demo/prng.js';
import type { Draft } from '../../src/demo/types.js';

const START = Date.parse('2026-01-01T00:00:00+08:00');

test('days are China-local and Spring Festival 2026 falls on day 47', () => {
  const clock = new Clock(START, 60);
  assert.equal(clock.midnight0, START);
  assert.deepEqual(clock.local(0), { year: 2026, month: 0, day: 1, weekday: 4 });
  assert.equal(clock.indexOf(2026, 1, 17), 47);
  assert.ok(clock.festivals.includes(47));
  assert.ok(clock.isWeekend(2) && clock.isWeekend(3) && !clock.isWeekend(4));
});

test('sampled times follow the daily rhythm and stay inside the period', () => {
  const clock = new Clock(START + 5 * HOUR, 10);
  const rng = new Rng(5);
  const table = clock.dayTable(1);
  let night = 0;
  let day = 0;
  for (let i = 0; i < 20_000; i++) {
    const t = clock.timeOn(rng, clock.dayFrom(rng, table), 'retail');
    assert.ok(clock.inside(t));
    const h = new Date(t + LOCAL_OFFSET).getUTCHours();
    if (h >= 2 && h < 5) night++;
    if (h >= 18 && h < 21) day++;
  }
  assert.ok(day > night * 10, `evening ${day} vs night ${night}`);
});

test('dayFrom respects a minimum day', () => {
  const clock = new Clock(START, 30);
  const rng = new Rng(2);
  const table = clock.dayTable(1.2);
  for (let i = 0; i < 2000; i++) assert.ok(clock.dayFrom(rng, table, 20) >= 20);
});

test('fitIntoPeriod shifts late instances back and compresses long ones, keeping order', () => {
  const clock = new Clock(START, 10);
  const mk = (times: number[]): Draft[] => times.map((time) => ({ time, from: 'a', to: 'b', amount: 1, channel: 'x' }));
  const late = mk([START + 9 * DAY, START + 12 * DAY, START + 11 * DAY]);
  fitIntoPeriod(late, clock);
  assert.ok(late.every((d) => clock.inside(d.time)));
  assert.ok(late[0].time < late[1].time && late[1].time < late[2].time);
  assert.equal(late[1].time - late[0].time, 2 * DAY);
  const long = mk([START - 3 * DAY, START + 20 * DAY, START + 5 * DAY]);
  fitIntoPeriod(long, clock);
  assert.ok(long.every((d) => clock.inside(d.time)));
  assert.ok(long[0].time <= long[1].time && long[1].time <= long[2].time);
});
