import { useMemo, useState } from 'react';
import * as api from '../api/endpoints';
import { useRuleCatalog } from '../api/ruleCatalog';
import type { EvidenceTransaction } from '../api/types';
import { useApi } from '../api/useApi';
import { useUser } from '../auth/AuthContext';
import { CaseActions } from '../case/CaseActions';
import { CaseHeader } from '../case/CaseHeader';
import { CommentBox } from '../case/CommentBox';
import { PagedEvidence, PagedHistory, PagedTransactions } from '../case/CasePartPanels';
import { ExportButtons } from '../case/ExportButtons';
import { GraphPanel } from '../case/GraphPanel';
import { IsoPayments } from '../case/IsoPayments';
import { PartiesTable } from '../case/PartiesTable';
import { ReasonList } from '../case/ReasonList';
import { ScreeningComparison } from '../screening/ScreeningComparison';
import { summariseReasons } from '../case/reasons';
import { UnmaskToggle } from '../case/UnmaskToggle';
import { allowedActions } from '../case/workflow';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { Panel } from '../components/Panel';
import { StatusMessage } from '../components/StatusMessage';
import { useI18n } from '../i18n/I18nContext';
import { Link } from '../router/router';

export default function CasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const user = useUser();
  const catalog = useRuleCatalog();
  // Supervisors and admins may show personal data; the server audits every unmasked read.
  const [unmask, setUnmask] = useState(false);
  const mayUnmask = user.role === 'supervisor' || user.role === 'admin';
  const { data, error, reload } = useApi((signal) => api.caseDetail(id, signal, unmask), [id, unmask]);
  const [focusTx, setFocusTx] = useState<string | null>(null);

  const reasons = useMemo(() => (data ? summariseReasons(data.alerts ?? []) : []), [data]);
  const evidenceTx = useMemo<EvidenceTransaction[]>(
    () => (data?.evidence ?? []).flatMap((e) => e.content?.transactions ?? []),
    [data],
  );

  if (!data) {
    if (error?.status === 404) return <StatusMessage kind="empty" text={t('case.notFound')} testId="case-not-found" />;
    return error ? <ApiErrorMessage error={error} onRetry={reload} /> : <StatusMessage kind="loading" text={t('common.loading')} />;
  }

  const c = data.case;
  const allowed = allowedActions(c);
  // Transactions, history and evidence come a page at a time and reload when the case changes.
  const part = `${c.version ?? ''}:${c.updated_at}:${(data.events ?? []).length}`;

  return (
    <div className="page case-page" data-testid="case-page">
      <Link to="/cases" className="back-link" data-testid="back-to-queue">
        {t('case.backToQueue')}
      </Link>
      <CaseHeader c={c} />
      {(data.masked || unmask) && (
        <p className="muted small masked-note" data-testid="case-masked">
          {unmask ? t('case.unmasked') : t('case.masked')}
          {mayUnmask && <> <UnmaskToggle unmask={unmask} onChange={setUnmask} /></>}
        </p>
      )}
      {error && <ApiErrorMessage error={error} onRetry={reload} />}
      <div className="case-grid">
        <div className="case-main">
          <ScreeningComparison detail={data} />
          <Panel title={t('case.why')} hint={t('case.whyHint')} testId="reasons-panel">
            <ReasonList reasons={reasons} catalog={catalog} />
          </Panel>
          <GraphPanel detail={data} focusTx={focusTx} onFocus={setFocusTx} />
          <Panel title={t('case.transactions')} testId="tx-panel">
            <PagedTransactions caseId={c.id} version={part} unmask={unmask} evidenceTx={evidenceTx} focusTx={focusTx} onFocus={setFocusTx} />
          </Panel>
          <IsoPayments alerts={data.alerts ?? []} />
          <Panel title={t('case.parties')} testId="parties-panel">
            <PartiesTable parties={data.parties ?? {}} />
          </Panel>
        </div>
        <aside className="case-side">
          <Panel title={t('action.title')} testId="actions-panel">
            <CaseActions c={c} onDone={reload} />
          </Panel>
          {allowed.has('export') && (
            <Panel title={t('export.title')} testId="export-panel">
              <ExportButtons caseId={c.id} onDone={reload} unmask={user.role === 'supervisor' || user.role === 'admin'} />
            </Panel>
          )}
          <Panel title={t('case.history')} testId="history-panel">
            {allowed.has('comment') && <CommentBox caseId={c.id} onDone={reload} />}
            <PagedHistory caseId={c.id} version={part} unmask={unmask} />
          </Panel>
          <Panel title={t('case.evidence')} hint={t('case.evidenceHint')}>
            <PagedEvidence caseId={c.id} version={part} unmask={unmask} />
          </Panel>
        </aside>
      </div>
    </div>
  );
}
