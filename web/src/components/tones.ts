import type { Tone } from './Badge';

export function stateTone(state: string): Tone {
  switch (state) {
    case 'new':
      return 'info';
    case 'assigned':
      return 'neutral';
    case 'investigating':
      return 'warn';
    case 'escalated':
      return 'danger';
    case 'closed':
      return 'muted';
    default:
      return 'neutral';
  }
}

export function decisionTone(decision: string): Tone {
  return decision === 'BLOCK' ? 'danger' : decision === 'REVIEW' ? 'warn' : 'ok';
}

export function severityTone(severity: string): Tone {
  switch (severity) {
    case 'critical':
      return 'danger';
    case 'high':
      return 'warn';
    case 'medium':
      return 'info';
    default:
      return 'neutral';
  }
}

export function outcomeTone(outcome: string): Tone {
  return outcome === 'false_positive' ? 'ok' : outcome === 'reported' ? 'danger' : 'warn';
}
