import type { Command } from 'commander';
import type { Decision } from '../domain/decision.js';
import type { TransactionStore } from '../store/port.js';
import { writeDecisions } from './decision-csv.js';
import { addStoreOptions, openCommandStores, type StoreFlags } from './options.js';

/** Every stored decision, in the store's order (a stream's order when workers stored them), in pages. */
export async function* storedDecisions(store: TransactionStore, pageSize = 5000): AsyncIterable<Decision[]> {
  for await (const page of store.replay(pageSize)) {
    const byId = new Map((await store.findScored(page.map((t) => t.id))).map((s) => [s.tx.id, s.decision]));
    yield page.map((t) => byId.get(t.id)!).filter((d) => d !== undefined);
  }
}

export function decisionsCommand(program: Command): void {
  addStoreOptions(program
    .command('decisions')
    .description('write the stored decisions as id,score,decision,reasons in input order (the stream order for workers)'))
    .requiredOption('--out <file>', 'output CSV file')
    .action(async (flags: StoreFlags & { out: string }) => {
      // Reading must not create: a mistyped path is an error, not an empty store.
      const stores = await openCommandStores(flags, { mustExist: true });
      try {
        const n = await writeDecisions(flags.out, storedDecisions(stores.transactions));
        process.stderr.write(`decisions=${n} out=${flags.out}\n`);
      } finally {
        await stores.close();
      }
    });
}
