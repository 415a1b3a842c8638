import { useI18n } from '../i18n/I18nContext';

/**
 * Previous / next over an offset-paged list. When the server gives no total, "next" stays open
 * while a page comes back full.
 */
export function Pager({
  offset, limit, total, count, onOffset,
}: { offset: number; limit: number; total?: number; count: number; onOffset: (offset: number) => void }) {
  const { t } = useI18n();
  const known = typeof total === 'number' && Number.isFinite(total);
  const hasMore = known ? offset + limit < total : count >= limit;
  if (offset === 0 && !hasMore) return null;
  const from = count === 0 ? 0 : offset + 1;
  const to = offset + count;
  return (
    <div className="pager" data-testid="pager">
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))} data-testid="pager-prev">
        {t('common.prev')}
      </button>
      <span className="muted small">{known ? t('common.pageOf', { from, to, total: total as number }) : t('common.range', { from, to })}</span>
      <button type="button" className="btn btn-small" disabled={!hasMore} onClick={() => onOffset(offset + limit)} data-testid="pager-next">
        {t('common.next')}
      </button>
    </div>
  );
}
