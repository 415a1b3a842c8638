/**
 * ISO 4217 active currency codes with their minor units, as the standard writes them (upper case).
 * Codes without a minor unit in ISO 4217 (precious metals, XDR, test and fund units marked N.A.)
 * are left out: they are not payment currencies.
 */
const ZERO = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR = 'CLF UYW';
const TWO =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW ' +
  'CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS ' +
  'INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN ' +
  'NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC ' +
  'SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

function table(): ReadonlyMap<string, number> {
  const m = new Map<string, number>();
  for (const [codes, digits] of [[ZERO, 0], [TWO, 2], [THREE, 3], [FOUR, 4]] as const) {
    for (const c of codes.split(' ')) m.set(c, digits);
  }
  return m;
}

const MINOR_UNITS = table();

/** The ISO 4217 minor units of an active currency code, or undefined when it is not one (case matters). */
export function isoMinorUnits(code: string): number | undefined {
  return MINOR_UNITS.get(code);
}

export function isIsoCurrency(code: string): boolean {
  return MINOR_UNITS.has(code);
}
