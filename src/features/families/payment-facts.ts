import { geoPoint } from '../../domain/transaction.js';
import { growFloat64 } from '../../graph/growable.js';
import type { FeatureFamily, TransferContext } from './family.js';

export const PAYMENT_FACT_NAMES = ['payer_age', 'geo_jump_km', 'geo_kmh'] as const;

const EARTH_KM = 6371.0088;
const RAD = Math.PI / 180;
/** Shortest time a jump is divided by (one minute), so two payments in the same instant do not read as infinite speed. */
const MIN_HOURS = 1 / 60;

/** Great-circle distance in km between two points in decimal degrees (haversine). */
export function greatCircleKm(lat1: number, long1: number, lat2: number, long2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLong = (long2 - long1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Facts a payment message carries about the payer beyond the transfer (ISO 20022: the debtor's
 * date of birth, the initiating party's geolocation; any source may map them):
 *
 * - `payer_age`: the payer's age in whole years (-1 when unknown): scams target the old, mule
 *   recruiters the young.
 * - `geo_jump_km`: distance from where the payer's previous geolocated payment was initiated
 *   (-1 when this payment or the payer has none).
 * - `geo_kmh`: that distance over the time between the two, in km/h (at least a minute apart;
 *   -1 when unknown) — a payer who "moved" faster than an airliner shares credentials.
 *
 * State: the payer's last known place and time, 24 bytes per account; O(1) per transaction.
 */
export class PaymentFacts implements FeatureFamily {
  readonly id = 'payment-facts';
  readonly names = PAYMENT_FACT_NAMES;
  /** The payer's last known place (NaN: none yet) and when. */
  private lat = new Float64Array(0);
  private long = new Float64Array(0);
  private at = new Float64Array(0);

  ensureAccounts(n: number): void {
    this.lat = growFloat64(this.lat, n, NaN);
    this.long = growFloat64(this.long, n);
    this.at = growFloat64(this.at, n);
  }

  write(c: TransferContext, out: Float64Array, o: number): number {
    const tx = c.tx;
    out[o] = tx.payer_age ?? -1;
    out[o + 1] = -1;
    out[o + 2] = -1;
    if (tx.geo === undefined) return 0;
    const [lat, long] = geoPoint(tx.geo);
    const s = c.s;
    if (!Number.isNaN(this.lat[s])) {
      const km = greatCircleKm(this.lat[s], this.long[s], lat, long);
      out[o + 1] = km;
      out[o + 2] = km / Math.max(MIN_HOURS, Math.abs(c.t - this.at[s]) / 3_600_000);
    }
    this.lat[s] = lat;
    this.long[s] = long;
    this.at[s] = c.t;
    return 0;
  }
}
