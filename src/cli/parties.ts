import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { PartyDetails } from '../domain/party.js';
import { addStoreOptions, openCommandStores, type StoreFlags } from './options.js';
import { screenIntoCases } from './screen-cases.js';
import { screenPartiesCommand } from './screen-parties.js';

/** Parses NDJSON party records; every bad line is named and nothing is imported if any is bad. */
export function parsePartyFile(text: string): { records: PartyDetails[]; problems: string[] } {
  const records: PartyDetails[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      problems.push(`line ${i + 1}: not JSON: ${(e as Error).message}`);
      return;
    }
    const r = v as Record<string, unknown>;
    if (!r || typeof r !== 'object' || Array.isArray(r)) problems.push(`line ${i + 1}: must be a JSON object`);
    else if (typeof r.account !== 'string' || r.account.trim() === '') problems.push(`line ${i + 1}: account: is required`);
    else if (r.party_type !== undefined && r.party_type !== 'natural' && r.party_type !== 'legal') problems.push(`line ${i + 1}: party_type: must be natural or legal`);
    else records.push(r as unknown as PartyDetails);
  });
  return { records, problems };
}

/** `ringwatch parties import FILE`: KYC records of account holders for the regulatory reports. */
export function partiesCommand(program: Command): void {
  const parties = program.command('parties').description('account holders (KYC) for regulatory reports');
  screenPartiesCommand(parties);
  addStoreOptions(parties
    .command('import')
    .argument('<file>', 'NDJSON: one record per account {account, party_type, person: {first_name, last_name, id_number, …} | entity: {name, …}, …}')
    )
    .option('--no-screen', 'do not screen the imported parties against the stored name lists')
    .description('import KYC records; each is screened against the stored name lists and hits open screening cases')
    .action(async (file: string, flags: StoreFlags & { screen?: boolean }) => {
      const { records, problems } = parsePartyFile(readFileSync(file, 'utf8'));
      if (problems.length) throw new Error(`nothing imported:\n${problems.slice(0, 20).join('\n')}`);
      const stores = await openCommandStores(flags);
      try {
        await stores.parties.upsert(records);
        process.stdout.write(`imported ${records.length} party records (${await stores.parties.count()} in the store)\n`);
        if (flags.screen !== false) await screenIntoCases(stores, records, process.stdout);
      } finally {
        await stores.close();
      }
    });
}
