import { currencyExponent } from '../domain/money.js';
import type { FeatureConfig } from './config.js';

/**
 * Converts exact minor units into base-currency major units for feature arithmetic only
 * (floats never reach storage). Factors are cached per currency code.
 */
export class BaseCurrency {
  private readonly factors = new Map<string, [rate: number, divisor: number]>();

  constructor(private readonly config: FeatureConfig) {}

  toBase(minor: number, currency: string): number {
    let f = this.factors.get(currency);
    if (f === undefined) {
      const rate = Object.hasOwn(this.config.rates, currency) ? this.config.rates[currency] : 1;
      f = [rate, 10 ** currencyExponent(currency)];
      this.factors.set(currency, f);
    }
    // Multiply then divide: 10000 fen × 1 / 100 is exactly 100, where × 0.01 is not.
    return (minor * f[0]) / f[1];
  }
}
