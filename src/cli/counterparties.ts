import type { CounterpartyScreening } from '../screening/counterparty.js';
import { ScreeningListStore, screeningListsDir } from '../screening/lists/store.js';
import type { ScreeningService } from '../screening/service.js';

/**
 * Counterparty name screening for a scoring command: over the name lists stored beside the store,
 * or undefined when none is stored (the engine then runs exactly as without screening). The
 * screening modules (with their transliteration tables, ~60 ms to load) are imported only when
 * lists exist.
 */
export async function storedCounterparties(dir: string): Promise<{ screening: CounterpartyScreening; reload: () => void; service: ScreeningService } | undefined> {
  const lists = new ScreeningListStore(screeningListsDir(dir));
  if (lists.names().length === 0) return undefined;
  const [{ ScreeningService }, { counterpartyScreening }, { defaultConfigPath, loadScreeningConfig }] = await Promise.all([
    import('../screening/service.js'), import('../screening/counterparty-lists.js'), import('../screening/config.js'),
  ]);
  const service = new ScreeningService(lists, () => loadScreeningConfig(defaultConfigPath()).threshold);
  return { ...counterpartyScreening(service), service };
}
