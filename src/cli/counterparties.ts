import type { CounterpartyScreening } from '../screening/counterparty.js';
import { counterpartyScreening } from '../screening/counterparty-lists.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import { ScreeningListStore } from '../screening/lists/store.js';
import { ScreeningService } from '../screening/service.js';
import { screeningListsDir } from './screen-lists.js';

/**
 * Counterparty name screening for a scoring command: over the name lists stored beside the store,
 * or undefined when none is stored (the engine then runs exactly as without screening).
 */
export function storedCounterparties(dir: string): { screening: CounterpartyScreening; reload: () => void; service: ScreeningService } | undefined {
  const lists = new ScreeningListStore(screeningListsDir(dir));
  if (lists.names().length === 0) return undefined;
  const service = new ScreeningService(lists, () => loadScreeningConfig(defaultConfigPath()).threshold);
  return { ...counterpartyScreening(service), service };
}
