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
  /** The document's kind in words when id_type is an "other" code (PBOC 119999/129999: OITP). */
  id_type_other?: string;
  id_number?: string;
  /** ISO 3166 alpha-2. */
  nationality?: string;
  phone?: string;
  email?: string;
  occupation?: string;
  /** Occupation code (PBOC SEVC/CTVC: GB/T 6565; "99999" when not working). */
  occupation_code?: string;
  address?: string;
  /** ISO 3166 alpha-2 country of residence. */
  residence?: string;
}

export interface EntityDetails {
  name?: string;
  /** Registration / unified social credit code. */
  registration_number?: string;
  /** Document type of the registration number (PBOC 证明文件类型). */
  id_type?: string;
  /** The document's kind in words when id_type is an "other" code (PBOC 619999/629999: OITP). */
  id_type_other?: string;
  incorporation_country_code?: string;
  /** Industry code (PBOC SEVC/CTVC: GB/T 4754). */
  industry_code?: string;
  phone?: string;
  address?: string;
  /** YYYY-MM-DD. */
  incorporation_date?: string;
  /** The legal representative (法定代表人): goAML signatory of the account, PBOC SRNM/SRIT/SRID. */
  legal_representative?: PersonDetails;
  /** Controlling shareholder or beneficial owner (控股股东或实际控制人), PBOC SCNM/SCIT/SCID. */
  controller?: { name?: string; id_type?: string; id_number?: string };
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
  /** When the account was opened, YYYY-MM-DD (goAML opened, PBOC OATM). */
  opened?: string;
  /** PBOC 账户类型 (10.2 code list, CATP/TCAT), e.g. 120001. */
  account_type_code?: string;
  /** PBOC 金融机构网点代码 (FINC) of the branch holding the account. */
  branch_code?: string;
  /** PBOC 行政区划代码 (6 digits) of the branch, for TRCD/CFRC. */
  region_code?: string;
  /** ISO 3166 alpha-2 of where the account is held. */
  country?: string;
  person?: PersonDetails;
  entity?: EntityDetails;
}
