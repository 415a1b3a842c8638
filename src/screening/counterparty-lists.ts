/**
 * Counterparty screening over the name lists stored beside a store (`screening-lists/`): the
 * lists in force now, or nothing when none is stored (then transactions score exactly as without
 * screening). `reload` takes up new list versions.
 */
import { CounterpartyScreening } from './counterparty.js';
import type { ScreeningService } from './service.js';

/** Scores at or above this are kept as features (rules decide what to do with them). */
export const COUNTERPARTY_FLOOR = 0.5;

export function counterpartyScreening(service: ScreeningService): { screening: CounterpartyScreening; reload: () => void } {
  const current = service.current();
  const screening = new CounterpartyScreening(current?.screener, COUNTERPARTY_FLOOR, 100_000, current?.label);
  return {
    screening,
    reload: () => {
      const now = service.current();
      screening.use(now?.screener, now?.label);
    },
  };
}
