import { writeFileSync } from 'node:fs';

/** The column map of `writeTransferCsv`'s files (AMLSim's column names). */
export const TRANSFER_CSV_MAP = 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type';

/**
 * Writes a seeded CSV of `rows` transfers among `accounts` accounts over `days` days from
 * 2026-01-01 (time order, AMLSim's column names): a fifth of payers pay the next account, so that
 * chains and fan patterns occur; one in nine is a cash-in. Big enough files start the search worker.
 */
export function writeTransferCsv(path: string, options: { rows: number; accounts: number; days: number; seed: number }): void {
  let x = options.seed;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const start = Date.UTC(2026, 0, 1);
  const step = (options.days * 86_400_000) / options.rows;
  const lines = ['tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp'];
  for (let i = 0; i < options.rows; i++) {
    const a = next(options.accounts);
    const b = next(5) === 0 ? (a + 1) % options.accounts : next(options.accounts);
    const kind = next(9) === 0 ? 'CASH-IN' : 'TRANSFER';
    lines.push(`T${i},A${a},A${b},${kind},${(10 + next(500_000) / 7).toFixed(2)},${new Date(start + Math.floor(i * step / 60_000) * 60_000).toISOString()}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}
