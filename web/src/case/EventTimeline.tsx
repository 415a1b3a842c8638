import type { CaseEvent } from '../api/types';
import { formatTime } from '../format';
import { useI18n, type Translate } from '../i18n/I18nContext';

/** What the ring case filer recorded, in the reader's language. */
function ringText(e: CaseEvent, t: Translate): string | null {
  const d = e.data ?? {};
  const parts: string[] = [];
  if (typeof d.ring_risk === 'number' && typeof d.ring_size === 'number') {
    parts.push(t(e.kind === 'attach' ? 'event.ringEvidence' : 'event.ringOpened', { ring: String(d.ring ?? ''), risk: d.ring_risk.toFixed(2), size: d.ring_size }));
  }
  if (typeof d.moved_from === 'string') parts.push(t('event.movedFrom', { id: d.moved_from }));
  if (typeof d.merged_into === 'string') parts.push(t('event.mergedInto', { id: d.merged_into, ring: String(d.ring ?? '') }));
  return parts.length ? parts.join(' · ') : null;
}

function dataText(e: CaseEvent, tx: (k: string, f: string) => string): string | null {
  const d = e.data ?? {};
  const parts: string[] = [];
  if (typeof d.assignee === 'string') parts.push(`→ ${d.assignee}`);
  if (typeof d.outcome === 'string') parts.push(tx(`outcome.${d.outcome}`, d.outcome));
  if (typeof d.transaction_id === 'string') parts.push(d.transaction_id);
  if (typeof d.format === 'string') parts.push(d.format);
  return parts.length ? parts.join(' · ') : null;
}

/** The case history, newest first. */
export function EventTimeline({ events }: { events: CaseEvent[] }) {
  const { t, tx, lang } = useI18n();
  const sorted = [...events].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : (b.seq ?? 0) - (a.seq ?? 0)));
  if (sorted.length === 0) return <p className="muted">{t('common.empty')}</p>;
  return (
    <ol className="timeline" data-testid="case-events">
      {sorted.map((e, i) => {
        const text = typeof e.data?.text === 'string' ? e.data.text : null;
        const extra = dataText(e, tx);
        const ring = ringText(e, t);
        return (
          <li key={`${e.seq ?? i}-${e.time}`} className={`event event-${e.kind}`} data-testid="case-event" data-kind={e.kind}>
            <div className="event-head">
              <span className="event-kind">{tx(`event.${e.kind}`, e.kind)}</span>
              {e.from_state && e.from_state !== e.to_state && (
                <span className="event-states">
                  {tx(`state.${e.from_state}`, e.from_state)} → {tx(`state.${e.to_state}`, e.to_state)}
                </span>
              )}
              <span className="event-meta">
                {t('event.by', { actor: e.actor.replace(/^user:/, '') })} · {formatTime(e.time, lang)}
              </span>
            </div>
            {extra && <div className="event-data mono small">{extra}</div>}
            {ring && <div className="event-note" data-testid="ring-event">{ring}</div>}
            {e.note && <div className="event-note">{e.note}</div>}
            {text && text !== e.note && <div className="event-note">{text}</div>}
          </li>
        );
      })}
    </ol>
  );
}
