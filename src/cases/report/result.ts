/** What an export returns: the document, or every missing field named. */

export interface ExportOk {
  ok: true;
  format: 'goaml' | 'pboc' | 'pboc-csv' | 'pboc-bstr' | 'pboc-hvtr';
  media_type: string;
  content: string;
  /** Hex SHA-256 of the content's UTF-8 bytes (record it with the workflow's `export` action). */
  sha256: string;
  /** The file name the receiver expects (PBOC: NBSC…-YYYYMMDD-00000001.XML), when the format names its files. */
  file_name?: string;
  /** The reported transaction ids, oldest first. */
  transactions: string[];
}

export interface ExportRefused {
  ok: false;
  /** One sentence per missing or invalid field; nothing was exported. */
  missing: string[];
}

export type ExportResult = ExportOk | ExportRefused;
