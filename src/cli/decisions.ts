import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Decision } from '../domain/decision.js';
import { defaultEngineConfig } from '../engine/config.js';
import type { TransactionStore } from '../store/port.js';
import { writeDecisions } from './decision-csv.js';
import { openStoreUrl, sqlitePath, storeUrl } from './store-url.js';

/** Every stored decision, in the store's order (a stream's order when workers stored them), in pages. */
export async function* storedDecisions(store: TransactionStore, pageSize = 5000): AsyncIterable<Decision[]> {
  for await (const page of store.replay(pageSize)) {
    const byId = new Map((await store.findScored(page.map((t) => t.id))).map((s) => [s.tx.id, s.decision]));
    yield page.map((t) => byId.get(t.id)!).filter((d) => d !== undefined);
  }
}

export function decisionsCommand(program: Command): void {
  program
    .command('decisions')
    .description('write the stored decisions as id,score,decision,reasons in input order (the stream order for workers)')
    .option('--store <url>', 'the store: a SQLite path or sqlite:PATH (default: RINGWATCH_STORE)')
    .requiredOption('--out <file>', 'output CSV file')
    .action(async (flags: { store?: string; out: string }) => {
      const url = storeUrl(flags.store);
      // Reading must not create: a mistyped path is an error, not an empty store.
      if (!existsSync(sqlitePath(url))) throw new Error(`--store ${JSON.stringify(url)}: no such store`);
      const store = openStoreUrl(url, defaultEngineConfig());
      try {
        const n = await writeDecisions(flags.out, storedDecisions(store));
        process.stderr.write(`decisions=${n} out=${flags.out}\n`);
      } finally {
        await store.close();
      }
    });
}
