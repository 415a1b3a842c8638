/**
 * Screening the bank's own parties (KYC records): each record becomes a query (full name or given
 * + family name, or the entity's name; birth date; nationality; id number). A re-screen against a
 * new list version reports the hits the previous version did not have.
 */
import type { PartyDetails } from '../domain/party.js';
import type { ScreenMatch, ScreenQuery } from './entry.js';
import type { Screener } from './screener.js';

/** The screening query of a party record; undefined when it names nobody. */
export function partyQuery(p: PartyDetails): ScreenQuery | undefined {
  const person = p.person;
  const entity = p.entity;
  const personName = person?.name ?? [person?.first_name, person?.last_name].filter((x) => x && x.trim() !== '').join(' ');
  const name = (personName || entity?.name || p.account_name || '').trim();
  if (name === '') return undefined;
  return {
    query_id: p.account, name, dob: person?.birthdate?.slice(0, 10),
    country: person?.nationality ?? entity?.incorporation_country_code ?? undefined,
    id_no: person?.id_number ?? entity?.registration_number ?? undefined,
  };
}

/** Screens every party; matches keyed by account. */
export function screenParties(screener: Screener, parties: Iterable<PartyDetails>, minScore?: number): ScreenMatch[] {
  const out: ScreenMatch[] = [];
  for (const p of parties) {
    const q = partyQuery(p);
    if (q) out.push(...screener.screen(q, minScore));
  }
  return out;
}

/** Hits of `current` that `previous` did not have (same account and list entry). */
export function newHits(current: readonly ScreenMatch[], previous: readonly ScreenMatch[]): ScreenMatch[] {
  const before = new Set(previous.map((m) => `${m.query_id}\u0000${m.list_id}`));
  return current.filter((m) => !before.has(`${m.query_id}\u0000${m.list_id}`));
}
