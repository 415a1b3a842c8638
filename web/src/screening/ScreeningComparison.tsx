import type { CaseDetail } from '../api/types';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n/I18nContext';
import type { ScreeningEvidence } from './api';
import { MatchReasons } from './MatchReasons';

/** The screening hits frozen in a case's evidence (screening cases only), newest list version last. */
export function screeningHits(detail: CaseDetail): ScreeningEvidence[] {
  return (detail.evidence ?? []).map((e) => e.content?.screening as ScreeningEvidence | undefined).filter((s): s is ScreeningEvidence => s !== undefined);
}

/**
 * A screening case: for each hit, the party as screened beside the list entry it matched (name,
 * aliases, date of birth, country, id number), with the score and the matcher's reasons. Masked
 * as the server sent it.
 */
export function ScreeningComparison({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const hits = screeningHits(detail);
  if (hits.length === 0) return null;
  const row = (label: string, party: string | undefined, entry: string | undefined, field: string) => (
    <tr data-field={field}>
      <th scope="row">{label}</th>
      <td data-testid={`party-${field}`}>{party || '—'}</td>
      <td data-testid={`entry-${field}`}>{entry || '—'}</td>
    </tr>
  );
  return (
    <Panel title={t('screening.comparison')} hint={t('screening.comparisonHint')} testId="screening-panel">
      {hits.map((h) => (
        <div key={`${h.list}:${h.entry.list_id}`} className="screening-hit" data-testid="screening-hit" data-list-id={h.entry.list_id}>
          <p>
            <strong data-testid="screening-score">{h.score.toFixed(3)}</strong>{' '}
            <span className="muted small">
              {t('screening.against', { list: h.list, version: h.list_version, threshold: h.threshold })}
            </span>
          </p>
          <table className="table side-by-side">
            <thead>
              <tr>
                <th />
                <th>{t('screening.party', { account: h.query.account })}</th>
                <th>{t('screening.entry', { list: h.list, id: h.entry.list_id })}</th>
              </tr>
            </thead>
            <tbody>
              {row(t('screening.name'), h.query.name, h.entry.name, 'name')}
              {row(t('screening.aliases'), '', h.entry.aliases.join('; '), 'aliases')}
              {row(t('screening.dob'), h.query.dob, h.entry.dob, 'dob')}
              {row(t('screening.country'), h.query.country, h.entry.country, 'country')}
              {row(t('screening.idNo'), h.query.id_no, h.entry.id_no, 'id_no')}
              {row(t('screening.kind'), '', `${h.entry.kind} · ${h.entry.source}`, 'kind')}
            </tbody>
          </table>
          <MatchReasons reasons={h.match_reasons} />
        </div>
      ))}
    </Panel>
  );
}
