import { get, post } from './client';

/** The what-if backtest routes (POST /v1/backtests, GET /v1/backtests/{id}). */

export interface BacktestSide {
  builtin_rules?: boolean;
  rules?: string;
}

export interface BacktestRequest {
  from?: string;
  to?: string;
  a: BacktestSide;
  b: BacktestSide;
}

export interface Comparison {
  a: number;
  b: number;
  aPer10k: number;
  bPer10k: number;
  onlyA: number;
  onlyB: number;
  both: number;
}

export interface BacktestRun {
  id: string;
  state: 'running' | 'done' | 'failed';
  progress: number;
  processed: number;
  total: number;
  error?: string;
  result?: {
    transactions: number;
    differing: number;
    transitions: Record<string, number>;
    alerts: Comparison;
    rules: Array<Comparison & { rule: string }>;
  };
  differences?: Array<{ id: string; decision_a: string; decision_b: string; score_a: number; score_b: number; reasons_a: string; reasons_b: string }>;
}

export function startBacktest(body: BacktestRequest): Promise<BacktestRun> {
  return post<BacktestRun>('/v1/backtests', body);
}

export function backtest(id: string, signal?: AbortSignal): Promise<BacktestRun> {
  return get<BacktestRun>(`/v1/backtests/${encodeURIComponent(id)}`, { signal });
}
