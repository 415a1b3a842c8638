// A fast synthetic stream for benchmarks: skewed account activity, realistic channels and
// amounts, seeded so every run measures the same work.
import { createRng as mulberry32 } from '../dist/src/ml/prng.js';

const CHANNELS = ['transfer', 'transfer', 'transfer', 'mobile', 'card', 'cash_in', 'cash_out', 'ecny', 'cross_border'];

export function syntheticTransactions(n, { seed = 7, accounts = Math.max(1000, Math.floor(n / 20)), start = Date.UTC(2026, 0, 1), days = 60 } = {}) {
  const rnd = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const span = days * 86_400_000;
  const out = new Array(n);
  const names = Array.from({ length: accounts }, (_, i) => `A${String(i).padStart(7, '0')}`);
  const pick = () => names[Math.floor(accounts * rnd() ** 2)]; // skewed: some accounts far busier
  for (let i = 0; i < n; i++) {
    const channel = CHANNELS[Math.floor(rnd() * CHANNELS.length)];
    let from = pick();
    let to = pick();
    if (channel === 'cash_in') from = 'CASH-01';
    if (channel === 'cash_out') to = 'CASH-01';
    const tx = {
      id: `B${i}`,
      time: start + Math.floor((i / n) * span),
      from,
      to,
      // Log-normal around CNY 300 (σ ≈ 1.6): mostly everyday sums, a tail of large ones.
      amount: Math.max(1, Math.round(30_000 * Math.exp(1.6 * gaussian()))),
      currency: 'CNY',
      channel,
      from_type: rnd() < 0.05 ? 'legal' : 'natural',
      to_type: rnd() < 0.1 ? 'legal' : 'natural',
    };
    // Each customer's own phone app, now and then a shared household device.
    if (rnd() < 0.6) tx.device = rnd() < 0.02 ? `D${Math.floor(rnd() * accounts)}` : `D-${from}`;
    if (channel === 'cross_border') tx.country = 'HK';
    out[i] = tx;
  }
  return out;
}
