import { useState } from 'react';
import { ApiError } from '../api/client';
import * as api from '../api/endpoints';
import type { CaseActionBody, CaseOutcome, CaseSummary } from '../api/types';
import { useUser } from '../auth/AuthContext';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/I18nContext';
import { allowedActions, closeOutcomes } from './workflow';

/** Workflow buttons (assign, investigate, escalate, close, reopen) with an optional note. */
export function CaseActions({ c, onDone }: { c: CaseSummary; onDone: () => void }) {
  const { t, tx } = useI18n();
  const user = useUser();
  const allowed = allowedActions(c);
  const outcomes = closeOutcomes(c);
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState(user.username);
  const [outcome, setOutcome] = useState<CaseOutcome>(outcomes[0] ?? 'false_positive');
  const [busy, setBusy] = useState(false);
  // Kept as keys, not text, so a language switch re-renders it.
  const [message, setMessage] = useState<{ ok: true; label: MessageKey } | { ok: false; error: string } | null>(null);
  // Supervisors and the admin assign to anyone; an analyst only to themself.
  const supervisor = user.role !== 'analyst';

  const run = async (body: CaseActionBody, label: MessageKey) => {
    setBusy(true);
    setMessage(null);
    try {
      const trimmed = note.trim();
      await api.caseAction(c.id, trimmed ? { ...body, note: trimmed } : body);
      setNote('');
      setMessage({ ok: true, label });
      onDone();
    } catch (e) {
      setMessage({ ok: false, error: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const workflow = ['assign', 'reassign', 'investigate', 'escalate', 'close', 'reopen'] as const;
  const any = workflow.some((a) => allowed.has(a));

  return (
    <div className="actions" data-testid="case-actions" data-state={c.state}>
      {!any && (
        <p className="muted small" data-testid="actions-none">
          {t('action.noneAllowed')} {t('action.whoWorks', { role: t(`role.${user.role}` as MessageKey) })}
        </p>
      )}
      {any && (
        <textarea
          className="note"
          rows={2}
          maxLength={4000}
          placeholder={t('action.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="action-note"
        />
      )}
      <div className="action-row">
        {(allowed.has('assign') || allowed.has('reassign')) && supervisor && (
          <input
            className="assignee-input"
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            placeholder={t('action.assigneeInput')}
            aria-label={t('action.assigneeInput')}
            data-testid="assignee-input"
          />
        )}
        {allowed.has('assign') && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || !(supervisor ? assignee.trim() : user.username)}
            onClick={() => run({ action: 'assign', assignee: supervisor ? assignee.trim() : user.username }, supervisor ? 'action.assignTo' : 'action.assign')}
            data-testid="action-assign"
          >
            {supervisor ? t('action.assignTo') : t('action.assign')}
          </button>
        )}
        {allowed.has('reassign') && (
          <button
            type="button"
            className="btn"
            disabled={busy || !assignee.trim() || assignee.trim() === c.assignee}
            onClick={() => run({ action: 'reassign', assignee: assignee.trim() }, 'action.reassign')}
            data-testid="action-reassign"
          >
            {t('action.reassign')}
          </button>
        )}
        {allowed.has('investigate') && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => run({ action: 'investigate' }, 'action.investigate')} data-testid="action-investigate">
            {t('action.investigate')}
          </button>
        )}
        {allowed.has('escalate') && (
          <button type="button" className="btn btn-warn" disabled={busy} onClick={() => run({ action: 'escalate' }, 'action.escalate')} data-testid="action-escalate">
            {t('action.escalate')}
          </button>
        )}
        {allowed.has('close') && (
          <span className="close-group">
            <select
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as CaseOutcome)}
              aria-label={t('action.outcome')}
              data-testid="close-outcome"
            >
              {outcomes.map((o) => (
                <option key={o} value={o}>
                  {tx(`outcome.${o}`, o)}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => run({ action: 'close', outcome }, 'action.close')} data-testid="action-close">
              {t('action.close')}
            </button>
          </span>
        )}
        {allowed.has('reopen') && (
          <button type="button" className="btn" disabled={busy} onClick={() => run({ action: 'reopen' }, 'action.reopen')} data-testid="action-reopen">
            {t('action.reopen')}
          </button>
        )}
      </div>
      {message && (
        <div className={message.ok ? 'banner banner-ok' : 'banner banner-error'} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'action-ok' : 'action-error'}>
          {message.ok ? t('action.done', { action: t(message.label) }) : t('action.failed', { message: message.error })}
        </div>
      )}
    </div>
  );
}
