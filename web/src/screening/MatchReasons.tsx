/** A screening match's reasons, one per line (which name parts matched how, what raised or lowered the score). */
export function MatchReasons({ reasons }: { reasons: readonly string[] }) {
  return (
    <ul className="match-reasons" data-testid="match-reasons">
      {reasons.map((r, i) => (
        <li key={i} className="small">{r}</li>
      ))}
    </ul>
  );
}
