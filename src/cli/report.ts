import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPORT_FORMATS, exportReport, mergedInto, narrativeDrafts, readReportRequest, reportInput, uncaptured, unreportable, type ReportRequest,
} from '../cases/report/export.js';
import { validateGoaml } from '../cases/report/goaml-schema.js';
import { validatePboc } from '../cases/report/pboc-schema.js';
import { loadConfigFile, defaultEngineConfig } from '../engine/config.js';
import { openSecurity } from '../security/setup.js';
import type { Stores } from '../store/open.js';
import { addStoreOptions, openCommandStores, type StoreFlags } from './options.js';

interface ExportFlags extends StoreFlags {
  config?: string;
  format: string;
  out?: string;
  language?: string;
  narrativeFile?: string;
  analysisFile?: string;
  action?: string;
  fileType?: string;
  sequence?: string;
  original?: string;
  times?: string;
  first?: string;
  notice?: string;
  audit: boolean;
}

function fail(message: string): never {
  process.stderr.write(`ringwatch report: ${message}\n`);
  process.exit(2);
}

function institutionOf(flags: { config?: string }): Record<string, unknown> {
  const config = flags.config ? loadConfigFile(flags.config, defaultEngineConfig()) : defaultEngineConfig();
  if (!config.institution) fail('no institution settings: pass --config with an `institution` key (e.g. --config config/demo-institution.yaml; see docs/reports.md)');
  return config.institution;
}

function request(flags: ExportFlags): ReportRequest {
  const raw: Record<string, unknown> = { format: flags.format };
  if (flags.language) raw.language = flags.language;
  if (flags.narrativeFile) raw.narrative = readFileSync(flags.narrativeFile, 'utf8');
  if (flags.analysisFile) raw.analysis = readFileSync(flags.analysisFile, 'utf8');
  if (flags.action) raw.action = flags.action;
  for (const [k, v] of [['file_type', flags.fileType], ['sequence', flags.sequence], ['original', flags.original], ['times', flags.times], ['first', flags.first], ['notice', flags.notice]] as const) {
    if (v !== undefined) raw[k] = v;
  }
  const r = readReportRequest(raw);
  if ('field' in r) fail(`${r.field}: ${r.reason}`);
  return r;
}

/** The store the cases are in; it must exist (a report never creates one). */
function openReportStores(flags: StoreFlags): Promise<Stores> {
  return openCommandStores(flags, { mustExist: true });
}

/** Exports the listed cases (all when `ids` is empty), writing each file; returns the failures. */
async function runExport(ids: string[], flags: ExportFlags): Promise<void> {
  const institution = institutionOf(flags);
  const req = request(flags);
  const stores = await openReportStores(flags);
  const { cases, parties, transactions: log } = stores;
  const security = flags.audit ? await openSecurity(stores) : undefined;
  const all = ids.length === 0;
  const failures: string[] = [];
  let written = 0;
  let merged = 0;
  try {
    const list = all ? (await cases.listCases({ sort: 'risk', order: 'desc', limit: 1_000_000, offset: 0 })).map((c) => c.id) : ids;
    if (all && !flags.out) fail('exporting every case needs --out <directory>');
    if (flags.out && (all || ids.length > 1)) mkdirSync(flags.out, { recursive: true });
    for (const id of list) {
      const detail = await cases.getCaseDetail(id);
      if (!detail) {
        failures.push(`${id}: no such case`);
        continue;
      }
      const blocked = unreportable(detail);
      if (blocked && all && mergedInto(detail)) {
        merged++;
        continue;
      }
      if (blocked) {
        failures.push(`${id}: ${blocked}`);
        continue;
      }
      const people = await parties.lookup([...detail.alerts.flatMap((a) => [a.from, a.to]), ...detail.case.subjects]);
      const logged = (await log.findScored(uncaptured(detail))).map((x) => x.tx);
      const input = reportInput(detail, institution as never, people, req, new Date(), logged);
      const result = exportReport(input, req);
      if (!result.ok) {
        failures.push(`${id}: ${result.missing.slice(0, 5).join('; ')}${result.missing.length > 5 ? ` (+${result.missing.length - 5} more)` : ''}`);
        continue;
      }
      const name = result.file_name ?? `${id}.${result.media_type.includes('json') ? 'json' : 'xml'}`;
      const multi = all || ids.length > 1 || (flags.out !== undefined && existsSync(flags.out) && statSync(flags.out).isDirectory());
      // Several cases in one PBOC run would share a file name: prefix the case id.
      const file = flags.out === undefined ? undefined : multi ? join(flags.out, list.length > 1 && !name.includes(id) ? `${id}-${name}` : name) : flags.out;
      if (file) writeFileSync(file, result.content);
      else process.stdout.write(result.content);
      written++;
      await security?.audit.append({ actor: 'system:cli', action: 'case.export', subject: id, details: { format: req.format, sha256: result.sha256, masked: false, file: result.file_name ?? null } });
      if (file) process.stderr.write(`${id}: ${file} (sha256 ${result.sha256})\n`);
    }
  } finally {
    await security?.close();
    await stores.close();
  }
  if (all || failures.length) {
    process.stderr.write(`ringwatch report: ${written} written, ${failures.length} refused${merged ? `, ${merged} skipped (merged into ring cases)` : ''}\n`);
  }
  for (const f of failures) process.stderr.write(`  ${f}\n`);
  if (failures.length) process.exitCode = 1;
}

/** `ringwatch report export|all|narrative|validate`: regulatory reports of stored cases, checked before they are written. */
export function reportCommand(program: Command): void {
  const report = program.command('report').description(`regulatory reports of cases (${REPORT_FORMATS.join(', ')}), validated before they are written`);
  const exportOptions = (cmd: Command): Command => addStoreOptions(cmd)
    .option('--config <file>', 'config with the `institution` key (e.g. config/demo-institution.yaml)')
    .option('--format <format>', REPORT_FORMATS.join(' | '), 'goaml')
    .option('--out <path>', 'file (one case) or directory; default: standard output')
    .option('--language <lang>', 'zh | en for the generated narrative (default zh for PBOC, en for goAML)')
    .option('--narrative-file <file>', 'the narrative as the analyst edited it (goAML reason, PBOC STCB)')
    .option('--analysis-file <file>', 'PBOC AOSP 疑点分析 as edited')
    .option('--action <text>', 'action taken (goAML action)')
    .option('--file-type <type>', 'PBOC file type: normal | correction | supplement | resend')
    .option('--sequence <n>', 'PBOC 报文编号 of the file on its date (default 1)')
    .option('--original <name>', 'PBOC: the earlier file a correction or supplement refers to')
    .option('--times <n>', 'PBOC TORP: reports on this case so far, this one included')
    .option('--first <name>', 'PBOC: the first report, for a correction of a supplement')
    .option('--notice <name>', 'PBOC MIRS: the centre\'s manual-correction notice answered')
    .option('--no-audit', 'do not record the export in the audit log');
  exportOptions(report.command('export <case...>').description('export cases by id')).action(async (ids: string[], flags: ExportFlags) => runExport(ids, flags));
  exportOptions(report.command('all').description('export every case of the store into --out (exit 1 when any is refused, each named)')).action(async (flags: ExportFlags) => runExport([], flags));
  addStoreOptions(report.command('narrative <case>')
    .description('print the generated narrative and analysis of a case, to edit and pass back with --narrative-file'))
    .option('--config <file>', 'config with the `institution` key')
    .option('--language <lang>', 'zh | en', 'zh')
    .action(async (id: string, flags: StoreFlags & { config?: string; language: string }) => {
      if (flags.language !== 'zh' && flags.language !== 'en') fail('--language must be zh or en');
      const institution = flags.config ? institutionOf(flags) : {};
      const stores = await openReportStores(flags);
      const { cases, parties, transactions: log } = stores;
      try {
        const detail = await cases.getCaseDetail(id);
        if (!detail) fail(`no case ${id}`);
        const people = await parties.lookup([...detail.alerts.flatMap((a) => [a.from, a.to]), ...detail.case.subjects]);
        const logged = (await log.findScored(uncaptured(detail))).map((x) => x.tx);
        const d = narrativeDrafts(reportInput(detail, institution as never, people, { format: 'pboc' }, new Date(), logged), flags.language);
        process.stdout.write(`${d.narrative ?? ''}\n\n${d.analysis ?? ''}\n`);
      } finally {
        await stores.close();
      }
    });
  report.command('validate <file>')
    .description('check a goAML or PBOC XML file (by its root element) against the rules Ringwatch applies; exit 1 naming each problem')
    .action((file: string) => {
      const text = readFileSync(file, 'utf8');
      const name = file.split(/[\\/]/).pop() ?? file;
      const isGoaml = /<report[\s>]/.test(text.slice(0, 500));
      const pbocName = /^[NC]B[SH]/.test(name) ? name : undefined;
      const problems = isGoaml ? validateGoaml(text) : validatePboc(text, pbocName ? { fileName: pbocName } : {});
      if (problems.length === 0) {
        process.stdout.write(`${file}: valid ${isGoaml ? 'goAML report' : 'PBOC message'}\n`);
        return;
      }
      for (const p of problems) process.stdout.write(`${file}: ${p}\n`);
      process.exitCode = 1;
    });
}
