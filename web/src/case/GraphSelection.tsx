import { formatMoney } from '../format';
import { useI18n } from '../i18n/I18nContext';
import type { EdgeAttrs, NodeAttrs } from './graphModel';

export type Selection =
  | { type: 'node'; id: string; attrs: NodeAttrs; degree: number }
  | { type: 'edge'; from: string; to: string; attrs: EdgeAttrs };

/** Details of the clicked node or edge. */
export function GraphSelection({ selection, onClose, onSelectTx }: { selection: Selection; onClose: () => void; onSelectTx: (tx: string) => void }) {
  const { t, tx, lang } = useI18n();
  return (
    <div className="graph-selection" data-testid="graph-selection">
      <button type="button" className="close-x" onClick={onClose} aria-label={t('common.close')}>
        ×
      </button>
      {selection.type === 'node' ? (
        <dl className="facts">
          <dt>{t('node.kind')}</dt>
          <dd>{tx(`kind.${selection.attrs.kind}`, selection.attrs.kind)}</dd>
          <dt>{t('node.id')}</dt>
          <dd className="mono">{selection.id}</dd>
          {selection.attrs.subject && (
            <>
              <dt>{t('node.subject')}</dt>
              <dd>{t('common.yes')}</dd>
            </>
          )}
          <dt>{t('node.listed')}</dt>
          <dd className={selection.attrs.listed ? 'text-danger' : undefined}>{selection.attrs.listed ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('node.ring')}</dt>
          <dd className="mono">{selection.attrs.ring ?? t('common.none')}</dd>
        </dl>
      ) : (
        <dl className="facts">
          <dt>{t('tx.from')}</dt>
          <dd className="mono">{selection.from}</dd>
          <dt>{t('tx.to')}</dt>
          <dd className="mono">{selection.to}</dd>
          <dt>{t('edge.count')}</dt>
          <dd>{selection.attrs.count}</dd>
          {!selection.attrs.pathOnly && (
            <>
              <dt>{t('tx.amount')}</dt>
              <dd>{formatMoney(selection.attrs.amount, selection.attrs.currency, lang)}</dd>
            </>
          )}
          <dt>{t('tx.id')}</dt>
          <dd>
            {selection.attrs.transactions.slice(0, 12).map((id) => (
              <button key={id} type="button" className="link-btn mono" onClick={() => onSelectTx(id)}>
                {id}
              </button>
            ))}
          </dd>
        </dl>
      )}
    </div>
  );
}
