import { get, post, query } from '../api/client';

/** Name screening: the stored lists with their dated versions, and screening a name (POST /v1/screen). */

export interface ScreeningListVersion {
  version: number;
  as_of: string;
  imported_at: string;
  format: string;
  source: string;
  entries: number;
  sha256: string;
}

export interface ScreeningList {
  name: string;
  versions: ScreeningListVersion[];
}

export interface ScreenEntryView {
  name: string;
  kind: string;
  country: string;
  dob: string;
  id_no: string;
  source: string;
}

export interface ScreenMatchView {
  query_id: string;
  list: string;
  list_id: string;
  score: number;
  reasons: string[];
  entry: ScreenEntryView;
}

export interface ScreenAnswer {
  matches: ScreenMatchView[];
  lists: Array<{ name: string; version: number; as_of: string }>;
  masked: boolean;
}

export interface ScreenQueryInput {
  name: string;
  dob?: string;
  country?: string;
}

/** The party and the list entry of a screening case's alert, as frozen in its evidence (the server's schema). */
export type { ScreeningEvidence } from '../api/generated';

export async function screeningLists(signal?: AbortSignal): Promise<ScreeningList[]> {
  const r = await get<{ lists: ScreeningList[] }>('/v1/screen/lists', { signal });
  return r.lists;
}

export function screenName(q: ScreenQueryInput, threshold?: number): Promise<ScreenAnswer> {
  const body: Record<string, string> = { name: q.name.trim() };
  if (q.dob?.trim()) body.dob = q.dob.trim();
  if (q.country?.trim()) body.country = q.country.trim().toUpperCase();
  return post<ScreenAnswer>(`/v1/screen${query({ threshold })}`, body);
}
