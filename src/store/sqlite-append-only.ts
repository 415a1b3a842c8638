/**
 * SQL for tables that only grow: triggers that refuse UPDATE and DELETE on each table named
 * (they stop accidents; hashes and the audit chain are what catch deliberate edits).
 */
export function appendOnlyTriggers(...tables: string[]): string {
  return tables
    .flatMap((t) =>
      ['UPDATE', 'DELETE'].map(
        (op) => `CREATE TRIGGER IF NOT EXISTS ${t}_no_${op.toLowerCase()} BEFORE ${op} ON ${t}\n  BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
      ),
    )
    .join('\n');
}
