import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { checkListFormat, readListFile } from '../../screening/lists/import.js';
import { parseAsOf } from '../../screening/lists/store.js';
import type { ApiContext } from '../context.js';

const TEXT_TYPES = ['text/csv', 'text/plain', 'application/xml', 'text/xml'];
/** The OFAC CSV triple is three files: import it with the CLI. */
const API_FORMATS = ['csv', 'un-xml'];
const MAX_BYTES = 64 * 1024 * 1024;
const LIST_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * `POST /v1/screen/lists/:list?format=csv|un-xml&as_of=`: a new dated version of a name list from
 * the body (our CSV as text/csv, the UN consolidated XML as application/xml). Every stored party
 * is then re-screened against the lists in force, and hits not filed before open alerts in
 * screening cases; the answer says what was filed. Nothing is stored when the body is bad.
 */
export function screenImportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(TEXT_TYPES, { parseAs: 'string', bodyLimit: MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { list: string }; Querystring: { format?: string; as_of?: string } }>(
      '/v1/screen/lists/:list',
      { config: { permission: 'lists.write' }, bodyLimit: MAX_BYTES },
      async (req, reply) => {
        const desk = ctx.screeningDesk;
        if (!desk) return reply.code(503).send({ error: 'screening unavailable', reason: 'the server runs without a store (--db)' });
        const bad = (field: string, reason: string) => reply.code(400).send({ error: 'invalid list import', errors: [{ field, reason }] });
        if (!LIST_NAME.test(req.params.list)) return bad('list', 'must be lower-case letters, digits, _ . - (at most 64)');
        const format = req.query.format ?? 'csv';
        if (!API_FORMATS.includes(format)) return bad('format', `must be one of ${API_FORMATS.join(', ')} (import the OFAC CSV triple with ringwatch lists import)`);
        let asOf = new Date().toISOString();
        try {
          if (req.query.as_of) asOf = parseAsOf(req.query.as_of, 'as_of');
        } catch (e) {
          return bad('as_of', (e as Error).message);
        }
        if (typeof req.body !== 'string' || req.body.trim() === '') return bad('(body)', `must be the list file as ${format === 'csv' ? 'text/csv' : 'application/xml'}`);
        const tmp = mkdtempSync(join(tmpdir(), 'rw-list-'));
        let entries;
        try {
          const file = join(tmp, format === 'csv' ? 'list.csv' : 'list.xml');
          writeFileSync(file, req.body);
          entries = readListFile(file, checkListFormat(format));
        } catch (e) {
          return bad('(body)', (e as Error).message.replace(tmp, ''));
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
        let version;
        try {
          version = desk.storeList(req.params.list, entries, { asOf, format, source: `api:${req.principal!.id}` });
        } catch (e) {
          return bad('(body)', (e as Error).message);
        }
        await ctx.audit?.append({ actor: req.principal!.id, action: 'list.import', subject: req.params.list, details: { version: version.version, entries: version.entries, sha256: version.sha256 } });
        const screening = await desk.rescreen();
        return reply.code(201).send({
          list: req.params.list, version,
          screening: { screened: screening.screened, hits: screening.hits, alerts: screening.filed.length, opened: screening.opened, updated: screening.updated, already_filed: screening.skipped.length },
        });
      },
    );
  });
}
