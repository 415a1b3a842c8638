import { maskAccount, maskAddress, maskDate, maskEmail, maskGeo, maskIdNumber, maskIp, maskName, maskPhone } from '../security/masking.js';
import { maskMatchReason } from '../screening/mask.js';

/**
 * Personal data fields that appear in API bodies (transactions in evidence, party details),
 * graded sensitive (L4) after JR/T 0197-2020: masked unless the caller asked to unmask and may.
 * The engine's account ids (`from`, `to`, `subject`) are the keys investigators navigate by and
 * should be pseudonymous ids; the real account numbers live in party records (`account_number`)
 * and are masked here.
 */
const MASKERS: Readonly<Record<string, (v: string) => string>> = {
  phone: maskPhone,
  ip: maskIp,
  email: maskEmail,
  name: maskName,
  full_name: maskName,
  first_name: maskName,
  last_name: maskName,
  account_name: maskName,
  id_number: maskIdNumber,
  registration_number: maskIdNumber,
  legal_representative_id_number: maskIdNumber,
  legal_representative: maskName,
  account_number: maskAccount,
  client_number: maskAccount,
  address: maskAddress,
  geo: maskGeo,
  // Screening evidence: the party as screened beside the list entry (cases/evidence.ts).
  id_no: maskIdNumber,
  dob: maskDate,
};

/** Lists of personal text, masked item by item: name aliases, and a screening match's reasons (they quote names and dates). */
const LIST_MASKERS: Readonly<Record<string, (v: string) => string>> = {
  aliases: maskName,
  match_reasons: maskMatchReason,
};

/** A copy of `value` with every personal-data field masked, and the field names it masked. */
export function maskPersonalData(value: unknown, masked = new Set<string>()): { value: unknown; masked: Set<string> } {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      // Evidence's canonical text repeats its content verbatim, and a date of birth cannot be masked
      // into a valid date (reports check the format): both are left out of masked bodies.
      if ((k === 'canonical' || k === 'birthdate' || k === 'birth_date') && typeof x === 'string') {
        masked.add(k);
        continue;
      }
      // File metadata holds a file name, not a person's.
      if (k === 'attachment') {
        out[k] = x;
        continue;
      }
      const each = Object.hasOwn(LIST_MASKERS, k) ? LIST_MASKERS[k] : undefined;
      if (each && Array.isArray(x)) {
        out[k] = x.map((item) => (typeof item === 'string' && item !== '' ? each(item) : walk(item)));
        masked.add(k);
        continue;
      }
      const m = Object.hasOwn(MASKERS, k) ? MASKERS[k] : undefined;
      if (m && typeof x === 'string' && x !== '') {
        out[k] = m(x);
        masked.add(k);
      } else out[k] = walk(x);
    }
    return out;
  };
  return { value: walk(value), masked };
}
