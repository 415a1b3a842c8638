/** Identifier formats of the demo bank: accounts, devices, phones, IP addresses, amounts. */
import type { Rng } from './prng.js';

export function accountId(n: number): string {
  return 'A' + String(n).padStart(5, '0');
}

export function transactionId(n: number): string {
  return 'T' + String(n).padStart(9, '0');
}

export function deviceId(n: number): string {
  return 'D' + String(n).padStart(6, '0');
}

export function cashAccountId(city: string, branch: number): string {
  return `CASH-${city}${String(branch).padStart(2, '0')}`;
}

export function foreignAccountId(country: string, n: number): string {
  return `FX-${country}-${String(n).padStart(4, '0')}`;
}

const PHONE_PREFIXES: readonly string[] = ['138', '139', '150', '158', '186', '188', '135', '136', '177', '191', '133', '199'];

/** A mainland mobile number, distinct for distinct `n` below 10^8. */
export function phoneNumber(n: number): string {
  const prefix = PHONE_PREFIXES[n % PHONE_PREFIXES.length];
  // 7919 is coprime with 10^8, so n ↦ n·7919 mod 10^8 is a bijection.
  const body = (Math.floor(n / PHONE_PREFIXES.length) * 7919 + 13_572_468) % 100_000_000;
  return prefix + String(body).padStart(8, '0');
}

const HOME_FIRST_OCTETS: readonly number[] = [58, 59, 60, 61, 101, 106, 111, 112, 113, 114, 115, 116, 119, 120, 121, 122, 123, 124, 125, 175, 180, 182, 183, 218, 219, 220, 221, 222];

/** A fixed-line home address (one per household). */
export function homeIp(rng: Rng): string {
  return `${rng.pick(HOME_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

const CARRIER_PREFIXES: readonly string[] = ['223.104', '117.136', '112.97', '39.144', '120.229'];

/** A mobile carrier's NAT address: many unrelated customers share these. */
export function carrierIp(rng: Rng): string {
  const base = rng.pick(CARRIER_PREFIXES);
  return `${base}.${rng.int(0, 63)}.${rng.int(1, 254)}`;
}

/** Yuan (major units) to fen (minor units). */
export function yuan(major: number): number {
  return Math.round(major * 100);
}

/** Rounds fen down to a multiple of `step` yuan, at least one step. */
export function roundDownYuan(fen: number, step: number): number {
  const unit = step * 100;
  return Math.max(unit, Math.floor(fen / unit) * unit);
}

export function clampInt(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(x)));
}
