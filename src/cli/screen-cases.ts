import type { PartyDetails } from '../domain/party.js';
import { screenPartiesIntoCases, type PartyScreeningOutcome } from '../engine/party-screening.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import { ScreeningListStore } from '../screening/lists/store.js';
import { ScreeningService } from '../screening/service.js';
import { openSecurity } from '../security/setup.js';
import type { Stores } from '../store/stores.js';
import { screeningListsDir } from '../screening/lists/store.js';

/** One line on what a party screening filed. */
export function describeOutcome(o: PartyScreeningOutcome): string {
  const lists = o.lists.map((l) => `${l.name} v${l.version}`).join(', ');
  return `screened ${o.screened} parties against ${lists}: ${o.hits} hits, ${o.filed.length} new alerts `
    + `(${o.opened.length} screening cases opened, ${o.updated.length} updated), ${o.skipped.length} already filed`;
}

/**
 * Screens parties (these records, or every stored one) against the name lists stored beside the
 * store and files the hits as alerts in screening cases, with audit entries. Nothing happens when
 * no name list is stored. Writes its summary to `out`.
 */
export async function screenIntoCases(stores: Stores, parties: readonly PartyDetails[] | 'stored', out: NodeJS.WritableStream): Promise<PartyScreeningOutcome | undefined> {
  const lists = new ScreeningListStore(screeningListsDir(stores.dir));
  if (lists.names().length === 0) return undefined;
  const threshold = loadScreeningConfig(defaultConfigPath()).threshold;
  const records = parties === 'stored' ? await stores.parties.all() : parties;
  const security = await openSecurity(stores);
  try {
    if (security.bootstrap) out.write(`dashboard user ${security.bootstrap.username}, one-time password (change it at first login): ${security.bootstrap.password}\n`);
    const outcome = await screenPartiesIntoCases({ service: new ScreeningService(lists, () => threshold), cases: stores.cases, threshold, audit: security.audit }, records);
    out.write(`${describeOutcome(outcome)}\n`);
    return outcome;
  } finally {
    await security.close();
  }
}
