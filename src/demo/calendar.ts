/**
 * Time for the demo bank: the period, China-local days (UTC+8), a daily rhythm per kind of
 * activity (few transactions at night), weekday/weekend weights and the Spring Festival.
 */
import { cumulative, type Rng } from './prng.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** China Standard Time, the bank's local time. */
export const LOCAL_OFFSET = 8 * HOUR;

/** Daily rhythms: relative weight of each local hour 0..23. */
export type Rhythm = 'retail' | 'business' | 'evening' | 'batch';

const RHYTHMS: Readonly<Record<Rhythm, readonly number[]>> = {
  // shopping, P2P: low at night, lunch and evening peaks
  retail: [1.2, 0.6, 0.3, 0.2, 0.2, 0.3, 1, 2.5, 4, 4.5, 5, 6, 7.5, 6, 5, 5, 5.5, 6.5, 8, 8.5, 8, 6.5, 4.5, 2.5],
  // branch/office hours on weekdays
  business: [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 4, 9, 10, 9.5, 5, 7, 9.5, 9.5, 8.5, 5, 1.5, 0.6, 0.4, 0.3, 0.2, 0.1],
  // after work, late evening heavy (also most night-time activity)
  evening: [3, 2, 1.2, 0.8, 0.5, 0.4, 0.8, 1.5, 2, 2.5, 3, 3.5, 4, 3.5, 3.5, 3.5, 4, 5, 6, 7.5, 8, 8, 6.5, 5],
  // payroll and settlement batches: early morning runs and office hours
  batch: [0.2, 0.5, 1, 1, 0.5, 0.5, 1, 3, 6, 10, 10, 8, 3, 4, 6, 6, 4, 2, 0.5, 0.2, 0.2, 0.2, 0.2, 0.2],
};

/** Chinese New Year's day (Spring Festival), month-day, for the years we are likely to see. */
const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2024: '02-10', 2025: '01-29', 2026: '02-17', 2027: '02-06', 2028: '01-26', 2029: '02-13', 2030: '02-03',
};

export interface LocalDate {
  year: number;
  /** 0-based month, as Date uses. */
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** The generated period, split into local days, with cumulative hour tables per rhythm. */
export class Clock {
  readonly start: number;
  readonly end: number;
  readonly days: number;
  /** Epoch ms of the local midnight on or before `start`; day 0 begins there. */
  readonly midnight0: number;
  /** Day indexes of Spring Festival days inside or near the period. */
  readonly festivals: readonly number[];
  private readonly hourTables: Record<Rhythm, Float64Array>;

  constructor(start: number, days: number) {
    this.start = start;
    this.days = days;
    this.end = start + days * DAY;
    this.midnight0 = Math.floor((start + LOCAL_OFFSET) / DAY) * DAY - LOCAL_OFFSET;
    this.hourTables = {
      retail: cumulative(RHYTHMS.retail),
      business: cumulative(RHYTHMS.business),
      evening: cumulative(RHYTHMS.evening),
      batch: cumulative(RHYTHMS.batch),
    };
    this.festivals = this.springFestivals();
  }

  /** Epoch ms of the local midnight that begins day `d`. */
  dayStart(d: number): number {
    return this.midnight0 + d * DAY;
  }

  /** The day index holding epoch ms `t`. */
  dayOf(t: number): number {
    return Math.floor((t - this.midnight0) / DAY);
  }

  local(d: number): LocalDate {
    const dt = new Date(this.dayStart(d) + LOCAL_OFFSET);
    return { year: dt.getUTCFullYear(), month: dt.getUTCMonth(), day: dt.getUTCDate(), weekday: dt.getUTCDay() };
  }

  /** The day index of a local calendar date (may fall outside the period). */
  indexOf(year: number, month: number, day: number): number {
    return Math.round((Date.UTC(year, month, day) - LOCAL_OFFSET - this.midnight0) / DAY);
  }

  isWeekend(d: number): boolean {
    const w = this.local(d).weekday;
    return w === 0 || w === 6;
  }

  private springFestivals(): number[] {
    const out: number[] = [];
    const y0 = this.local(0).year;
    const y1 = this.local(this.days - 1).year;
    for (let y = y0; y <= y1 + 1; y++) {
      const md = SPRING_FESTIVAL[y];
      if (!md) continue;
      const [m, dd] = md.split('-').map(Number);
      out.push(this.indexOf(y, m - 1, dd));
    }
    return out;
  }

  /** A time on day `d` following a rhythm, clamped into the period unless `clampToPeriod` is false. */
  timeOn(rng: Rng, d: number, rhythm: Rhythm, clampToPeriod = true): number {
    const hour = rng.weighted(this.hourTables[rhythm]);
    const t = this.dayStart(d) + hour * HOUR + Math.floor(rng.next() * HOUR);
    return clampToPeriod ? this.clamp(t) : t;
  }

  /** Keeps a time inside [start, end). */
  clamp(t: number): number {
    if (t < this.start) return this.start + (Math.abs(t - this.start) % HOUR);
    if (t >= this.end) return this.end - 1 - (Math.abs(t - this.end) % HOUR);
    return t;
  }

  inside(t: number): boolean {
    return t >= this.start && t < this.end;
  }

  /** Per-day weights: `weekend` multiplies Saturdays and Sundays; `festival` the week around Spring Festival. */
  dayTable(weekend: number, festival = 1): Float64Array {
    const w = new Float64Array(this.days);
    const festivals = this.festivals;
    for (let d = 0; d < this.days; d++) {
      let x = this.isWeekend(d) ? weekend : 1;
      for (const f of festivals) {
        const off = d - f;
        if (off >= -7 && off <= -1) x *= 1 + (festival - 1) * 0.6;
        else if (off >= 0 && off <= 3) x *= festival;
      }
      w[d] = x;
    }
    return cumulative(w);
  }

  /** A day drawn from a cumulative day table, not before `minDay`. */
  dayFrom(rng: Rng, table: Float64Array, minDay = 0): number {
    const lo = Math.max(0, Math.min(minDay, this.days - 1));
    const base = lo === 0 ? 0 : table[lo - 1];
    const total = table[this.days - 1];
    const u = base + rng.next() * (total - base);
    let a = lo;
    let b = this.days - 1;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (table[mid] > u) b = mid;
      else a = mid + 1;
    }
    return a;
  }

  /** Within ±days of a Spring Festival day. */
  nearFestival(d: number, within: number): boolean {
    return this.festivals.some((f) => Math.abs(d - f) <= within);
  }
}
