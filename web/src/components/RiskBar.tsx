/** A 0–1 risk as a number with a small bar, coloured by level. */
export function RiskBar({ value }: { value: number }) {
  const v = Number.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
  const level = v >= 0.8 ? 'high' : v >= 0.5 ? 'mid' : 'low';
  return (
    <span className={`risk risk-${level}`} title={v.toFixed(3)}>
      <span className="risk-num">{v.toFixed(2)}</span>
      <span className="risk-track" aria-hidden="true">
        <span className="risk-fill" style={{ width: `${Math.round(v * 100)}%` }} />
      </span>
    </span>
  );
}
