import type { PartyType } from './transaction.js';

/**
 * A party: the person or organisation holding an account, with what KYC knows of it (the
 * regulatory reports need it). Everything may be missing.
 */

export interface PersonDetails {
  /** Full name as written (e.g. 张三); the PBOC record uses it. */
  name?: string;
  /** Given and family name; goAML needs them separately. */
  first_name?: string;
  last_name?: string;
  title?: string;
  gender?: string;
  /** YYYY-MM-DD. */
  birthdate?: string;
  /** Identity document type (the code list of the receiving FIU, e.g. PBOC 身份证件类型). */
  id_type?: string;
  id_number?: string;
  /** ISO 3166 alpha-2. */
  nationality?: string;
  phone?: string;
  email?: string;
  occupation?: string;
  address?: string;
}

export interface EntityDetails {
  name?: string;
  /** Registration / unified social credit code. */
  registration_number?: string;
  /** Document type of the registration number (PBOC 证明文件类型). */
  id_type?: string;
  incorporation_country_code?: string;
}

/** What the caller knows about the holder and the bank of one account. Everything may be missing. */
export interface PartyDetails {
  account: string;
  /** The account number to report when the engine's account id is not it. */
  account_number?: string;
  party_type?: PartyType;
  /** Whether the account is held at the reporting institution (default: it is one of the case's subjects). */
  my_client?: boolean;
  institution_name?: string;
  institution_code?: string;
  swift?: string;
  branch?: string;
  account_name?: string;
  currency_code?: string;
  client_number?: string;
  personal_account_type?: string;
  status_code?: string;
  /** ISO 3166 alpha-2 of where the account is held. */
  country?: string;
  person?: PersonDetails;
  entity?: EntityDetails;
}
