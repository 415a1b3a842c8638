/** A list entry as screening sees it, and a query. */
export interface ScreenEntry {
  list_id: string;
  name: string;
  kind: string;
  aliases: string[];
  country: string;
  dob: string;
  source: string;
  id_no: string;
}

export interface ScreenQuery {
  query_id: string;
  name: string;
  country?: string;
  dob?: string;
  id_no?: string;
}

export interface ScreenMatch {
  query_id: string;
  list_id: string;
  score: number;
  reasons: string[];
}
