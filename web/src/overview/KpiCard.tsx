export function KpiCard({ label, value, hint, tone, testId }: { label: string; value: string; hint?: string; tone?: 'warn' | 'danger'; testId?: string }) {
  return (
    <div className={tone ? `kpi kpi-${tone}` : 'kpi'} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {hint && <div className="kpi-hint">{hint}</div>}
    </div>
  );
}
