import { useEffect, useState, type FormEvent } from 'react';
import { backtest, startBacktest, type BacktestRun, type BacktestSide, type Comparison } from '../api/backtests';
import { ApiError } from '../api/client';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { Panel } from '../components/Panel';
import { StatusMessage } from '../components/StatusMessage';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/I18nContext';

const POLL_MS = 500;
const SHOWN_DIFFERENCES = 50;

interface SideForm {
  builtin: boolean;
  rules: string;
}

/** A side as the API takes it: the server's configuration, with the built-ins switched off only when unticked. */
function side(f: SideForm): BacktestSide {
  const out: BacktestSide = f.builtin ? {} : { builtin_rules: false };
  if (f.rules.trim()) out.rules = f.rules;
  return out;
}

/** A `datetime-local` value (the browser's time zone) as ISO-8601 UTC; empty stays undefined. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

/**
 * The rules page's what-if form: the stored log over a time range, replayed through two rule
 * configurations (A and B: built-in packs on or off, plus a rule pack pasted as YAML); a progress
 * bar while it runs, then the comparison per rule and in total and the first differing decisions.
 * The run never changes stored decisions.
 */
export function BacktestPanel() {
  const { t, lang } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [a, setA] = useState<SideForm>({ builtin: true, rules: '' });
  const [b, setB] = useState<SideForm>({ builtin: true, rules: '' });
  const [run, setRun] = useState<BacktestRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);

  // Poll the running backtest until it is done or failed.
  useEffect(() => {
    if (!run || run.state !== 'running') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      backtest(run.id, controller.signal).then(setRun, (e: unknown) => {
        if (e instanceof ApiError) setError(e);
      });
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [run]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStarting(true);
    setError(null);
    try {
      setRun(await startBacktest({ from: isoOf(from), to: isoOf(to), a: side(a), b: side(b) }));
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setStarting(false);
    }
  };

  const running = run?.state === 'running';
  const n = (x: number, digits = 0) => formatNumber(x, lang, digits);
  const sideFields = (name: 'a' | 'b', value: SideForm, set: (v: SideForm) => void) => (
    <fieldset className="backtest-side" data-testid={`backtest-side-${name}`}>
      <legend>{t(name === 'a' ? 'backtest.sideA' : 'backtest.sideB')}</legend>
      <label className="field-inline">
        <input type="checkbox" checked={value.builtin} onChange={(e) => set({ ...value, builtin: e.target.checked })} />
        {t('backtest.builtin')}
      </label>
      <label className="field">
        <span>{t('backtest.rules')}</span>
        <textarea rows={6} className="mono" value={value.rules} placeholder={t('backtest.rulesHint')} onChange={(e) => set({ ...value, rules: e.target.value })} data-testid={`backtest-rules-${name}`} />
      </label>
    </fieldset>
  );
  const cells = (c: Comparison) => (
    <>
      <td className="num">{n(c.a)}</td>
      <td className="num">{n(c.b)}</td>
      <td className="num">{n(c.aPer10k, 1)}</td>
      <td className="num">{n(c.bPer10k, 1)}</td>
      <td className="num">{n(c.onlyA)}</td>
      <td className="num">{n(c.onlyB)}</td>
      <td className="num">{n(c.both)}</td>
    </>
  );
  const result = run?.state === 'done' ? run.result : undefined;
  const differences = run?.differences ?? [];

  return (
    <Panel title={t('backtest.title')} hint={t('backtest.hint')} testId="backtest-panel">
      <form onSubmit={submit} className="backtest-form">
        <div className="backtest-range">
          <label className="field">
            <span>{t('backtest.from')}</span>
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="backtest-from" />
          </label>
          <label className="field">
            <span>{t('backtest.to')}</span>
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="backtest-to" />
          </label>
        </div>
        <div className="backtest-sides">
          {sideFields('a', a, setA)}
          {sideFields('b', b, setB)}
        </div>
        <button type="submit" className="btn btn-primary" disabled={starting || running} data-testid="backtest-start">
          {t('backtest.start')}
        </button>
      </form>
      {error && <ApiErrorMessage error={error} />}
      {running && (
        <div className="backtest-progress" data-testid="backtest-progress">
          <progress max={1} value={run.progress} />
          <span>{t('backtest.progress', { processed: n(run.processed), total: n(run.total), percent: n(run.progress * 100, 0) })}</span>
        </div>
      )}
      {run?.state === 'failed' && <StatusMessage kind="error" text={t('backtest.failed', { message: run.error ?? '' })} />}
      {result && (
        <div data-testid="backtest-result">
          <p>{t('backtest.summary', { transactions: n(result.transactions), differing: n(result.differing) })}</p>
          <div className="table-wrap">
            <table className="table dense" data-testid="backtest-table">
              <thead>
                <tr>
                  <th>{t('rules.id')}</th>
                  <th className="num">{t('backtest.hitsA')}</th>
                  <th className="num">{t('backtest.hitsB')}</th>
                  <th className="num">{t('backtest.per10kA')}</th>
                  <th className="num">{t('backtest.per10kB')}</th>
                  <th className="num">{t('backtest.onlyA')}</th>
                  <th className="num">{t('backtest.onlyB')}</th>
                  <th className="num">{t('backtest.both')}</th>
                </tr>
              </thead>
              <tbody>
                <tr data-testid="backtest-total">
                  <td><strong>{t('backtest.total')}</strong></td>
                  {cells(result.alerts)}
                </tr>
                {result.rules.map((r) => (
                  <tr key={r.rule} data-testid="backtest-rule" data-rule={r.rule}>
                    <td className="mono">{r.rule}</td>
                    {cells(r)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {differences.length > 0 && (
            <>
              <h3>{t('backtest.differences', { shown: n(Math.min(SHOWN_DIFFERENCES, differences.length)), total: n(result.differing) })}</h3>
              <div className="table-wrap">
                <table className="table dense" data-testid="backtest-differences">
                  <thead>
                    <tr>
                      <th>{t('backtest.transaction')}</th>
                      <th>{t('backtest.decisionA')}</th>
                      <th>{t('backtest.decisionB')}</th>
                      <th className="num">{t('backtest.scoreA')}</th>
                      <th className="num">{t('backtest.scoreB')}</th>
                      <th>{t('backtest.reasonsB')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {differences.slice(0, SHOWN_DIFFERENCES).map((d) => (
                      <tr key={d.id}>
                        <td className="mono">{d.id}</td>
                        <td>{d.decision_a}</td>
                        <td>{d.decision_b}</td>
                        <td className="num">{n(d.score_a, 2)}</td>
                        <td className="num">{n(d.score_b, 2)}</td>
                        <td className="mono small">{d.reasons_b || d.reasons_a}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
    </Panel>
  );
}
