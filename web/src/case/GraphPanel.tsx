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
  // A ring case (subject the ring): the graph is the ring's frozen evidence subgraph, no path search.
  const ringCase = detail.case.ring !== null && detail.case.subject === detail.case.ring;
  // A subject with no path (or no transfers: 404) simply has nothing to highlight.
  const paths = useApi(
    (signal) => (ringCase ? Promise.resolve({ paths: [] }) : api.upstreamPaths(subject, signal).catch(() => ({ paths: [] }))),
    [subject, ringCase],
  );
  const pathList = paths.data?.paths ?? [];

  // Rebuilt only when the evidence itself changes (not on every reload of the case after an action).
  const evidenceKey = (detail.evidence ?? []).map((e) => e.sha256).join(',');
  const graph = useMemo(
    () => (paths.loading && !paths.data ? null : buildCaseGraph(subject, mergeSubgraphs(subgraphsOf(detail.evidence ?? [])), pathList, { subjectIsAccount: !ringCase })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [evidenceKey, subject, ringCase, paths.data, paths.loading],
  );

  return (
    <Panel title={t('case.graph')} hint={t('case.graphHint')} testId="graph-panel">
      {graph && graph.order > 0 && ringCase && (
        <p className="path-note" data-testid="ring-graph-note">
          {t('case.ringGraph', { nodes: graph.order, edges: graph.size })}
        </p>
      )}
      {graph && graph.order > 0 && !ringCase && (
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
