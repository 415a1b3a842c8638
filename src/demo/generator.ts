/**
 * The seeded demo bank: a population, planted suspicious instances and a legitimate background
 * sized to the target, merged, sorted by time and numbered. Deterministic for a seed.
 */
import type { Transaction } from '../domain/transaction.js';
import { Clock } from './calendar.js';
import { transactionId } from './ids.js';
import { createPatternContext } from './instance.js';
import { Ledger } from './ledger.js';
import { businessTransfers, crossBorder, payroll, payrollSize, reactivationMoves } from './legit-business.js';
import { billPayments, cardPayments, cashMovements, p2pTransfers, type BackgroundContext } from './legit-retail.js';
import { planPatterns, plantPatterns } from './patterns.js';
import { buildPopulation } from './population.js';
import { Rng } from './prng.js';
import type { Bank, BankOptions, PatternLabel } from './types.js';

/** 2026-01-01T00:00:00+08:00. */
export const DEFAULT_START = Date.parse('2026-01-01T00:00:00+08:00');
export const DEFAULT_ACCOUNTS = 5000;
export const DEFAULT_DAYS = 60;
export const DEFAULT_TARGET = 200_000;

/** Shares of the legitimate background left after payroll. */
const SHARES = { card: 0.52, p2p: 0.25, bills: 0.1, cash: 0.08, business: 0.035, crossBorder: 0.015 } as const;
/** Payroll is capped at this share of the background (the rest are paid into other banks). */
const PAYROLL_CAP = 0.06;
/**
 * Days of ordinary history before the first planted scheme (at most half the period): as a bank
 * loads its history before it watches live, the engine's windows (the longest is 30 days) and the
 * gang finder's burn-in fill before the schemes begin, so every planted group can become a ring.
 */
const HISTORY_DAYS = 30;
const DAY_MS = 86_400_000;

function check(name: string, value: number, min: number, max: number, integer = true): number {
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${value}`);
  }
  return value;
}

export function generateBank(options: BankOptions): Bank {
  const seed = check('seed', options.seed, -Number.MAX_VALUE, Number.MAX_VALUE, false);
  const size = check('accounts', options.accounts ?? DEFAULT_ACCOUNTS, 200, 1_000_000);
  const days = check('days', options.days ?? DEFAULT_DAYS, 1, 3660);
  const start = check('start', options.start ?? DEFAULT_START, Date.UTC(1990, 0, 1), Date.UTC(2150, 0, 1));
  const target = check('targetTransactions', options.targetTransactions ?? DEFAULT_TARGET, 2_000, 50_000_000);

  const root = new Rng(`ringwatch-demo:${seed}`);
  const clock = new Clock(start, days);
  const plan = planPatterns(root.derive('plan'), target);
  const pop = buildPopulation(root.derive('population'), clock, size, {
    dormant: plan.counts.dormant_burst,
    ringSizes: plan.ringSizes,
  });
  const ledger = new Ledger(pop.typeOf);
  const history = Math.min(HISTORY_DAYS, Math.floor(days / 2));
  const schemes = new Clock(start + history * DAY_MS, days - history);
  const { instances, listed } = plantPatterns(createPatternContext(root.derive('patterns'), schemes, pop), plan, ledger);

  const background = (name: string): BackgroundContext => ({ rng: root.derive(name), clock, pop, ledger });
  const budget = Math.max(0, target - ledger.size);
  const full = payrollSize(background('payroll-size'));
  const paid = payroll(background('payroll'), Math.min(1, (PAYROLL_CAP * budget) / Math.max(1, full)));
  const moves = reactivationMoves(background('reactivation'));
  const rest = Math.max(0, budget - paid - moves);
  cardPayments(background('card'), rest * SHARES.card);
  p2pTransfers(background('p2p'), rest * SHARES.p2p);
  billPayments(background('bills'), rest * SHARES.bills);
  cashMovements(background('cash'), rest * SHARES.cash);
  businessTransfers(background('business'), Math.round(rest * SHARES.business));
  crossBorder(background('cross-border'), Math.round(rest * SHARES.crossBorder));

  const transactions: Transaction[] = ledger.transactions;
  transactions.sort((a, b) => a.time - b.time);
  const labels = new Map<string, PatternLabel>();
  for (let i = 0; i < transactions.length; i++) {
    const tx = transactions[i];
    tx.id = transactionId(i + 1);
    const label = ledger.labelOf.get(tx);
    if (label) labels.set(tx.id, label);
  }
  const accounts = pop.accounts.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { transactions, labels, accounts, listed, instances };
}

