import { useMemo } from 'react';
import * as api from '../api/endpoints';
import type { CaseDetail } from '../api/types';
import { useApi } from '../api/useApi';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n/I18nContext';
import { CaseGraph } from './CaseGraph';
import { buildCaseGraph, mergeSubgraphs, subgraphsOf } from './graphModel';

/** The network panel: evidence subgraph plus the upstream paths from blacklisted accounts. */
export function GraphPanel({ detail, focusTx, onFocus }: { detail: CaseDetail; focusTx: string | null; onFocus: (tx: string) => void }) {
  const { t } = useI18n();
  const subject = detail.case.subject;
  // A subject with no path (or no transfers: 404) simply has nothing to highlight.
  const paths = useApi((signal) => api.upstreamPaths(subject, signal).catch(() => ({ paths: [] })), [subject]);
  const pathList = paths.data?.paths ?? [];

  // Rebuilt only when the evidence itself changes (not on every reload of the case after an action).
  const evidenceKey = (detail.evidence ?? []).map((e) => e.sha256).join(',');
  const graph = useMemo(
    () => (paths.loading && !paths.data ? null : buildCaseGraph(subject, mergeSubgraphs(subgraphsOf(detail.evidence ?? [])), pathList)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [evidenceKey, subject, paths.data, paths.loading],
  );

  return (
    <Panel title={t('case.graph')} hint={t('case.graphHint')} testId="graph-panel">
      {graph && graph.order > 0 && (
        <p className={pathList.length ? 'path-note danger' : 'path-note'} data-testid="path-note">
          {pathList.length ? t('case.pathFound', { count: pathList.length }) : t('case.pathNone')}
        </p>
      )}
      {!graph ? (
        <div className="graph-placeholder">{t('common.loading')}</div>
      ) : graph.order === 0 ? (
        <p className="muted" data-testid="graph-empty">{t('case.graphEmpty')}</p>
      ) : (
        <CaseGraph graph={graph} focusTx={focusTx} onSelectTx={onFocus} />
      )}
    </Panel>
  );
}
