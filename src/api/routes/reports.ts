import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PartyDetails } from '../../cases/report/input.js';
import {
  exportReport, narrativeDrafts, readReportRequest, reportInput, uncaptured, unreportable, type ReportRequest,
} from '../../cases/report/export.js';
import { can } from '../../security/permissions.js';
import type { ApiContext } from '../context.js';
import { maskPersonalData } from '../pii.js';

type Query = Record<string, string | undefined>;

const NO_INSTITUTION = 'institution is not configured: start the server with --config FILE holding the `institution` key (config/demo-institution.yaml is a complete sample; see docs/reports.md)';

function bad(reply: FastifyReply, field: string, reason: string): FastifyReply {
  return reply.code(400).send({ error: 'invalid request', errors: [{ field, reason }] });
}

/**
 * Regulatory reports of a case, under their own permission (`cases.export`):
 * - `GET /v1/cases/{id}/report?format=goaml|pboc|pboc-bstr|pboc-hvtr|pboc-json` downloads the
 *   report with the generated narrative; PBOC file options `file_type`, `sequence`, `original`,
 *   `times`, `first`, `notice`; `language` zh|en;
 * - `POST /v1/cases/{id}/report` takes the same fields as JSON plus the analyst's `narrative`,
 *   `analysis` and `action`, so the text is edited before filing;
 * - `GET /v1/cases/{id}/narrative?language=zh|en` gives the generated drafts to edit.
 * Every report is validated before it is sent; a refusal (422) names each element or field.
 * Personal data is masked unless the caller asks to unmask (`?unmask=1`) and may (pii.unmask);
 * a masked report is a preview, not for filing; an unmasked export is audited as an unmasking
 * as well as an export.
 */
export function reportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const cases = ctx.cases;
  if (!cases) return;

  async function load(req: FastifyRequest<{ Params: { id: string }; Querystring: Query }>, reply: FastifyReply) {
    const unmask = req.query.unmask === '1' || req.query.unmask === 'true';
    const p = req.principal!;
    if (unmask && !can(p.role, 'pii.unmask')) return void reply.code(403).send({ error: 'forbidden', reason: `${p.role} may not unmask personal data` });
    const detail = await cases!.getCaseDetail(req.params.id);
    if (!detail) return void reply.code(404).send({ error: 'not found', case: req.params.id });
    const parties = (await ctx.parties?.lookup(detail.alerts.flatMap((a) => [a.from, a.to, ...detail.case.subjects]))) ?? new Map<string, PartyDetails>();
    const masked = new Set<string>();
    const evidence = unmask ? detail.evidence : (maskPersonalData(detail.evidence, masked).value as typeof detail.evidence);
    const shown = unmask ? parties : new Map([...parties].map(([k, v]) => [k, maskPersonalData(v, masked).value as PartyDetails]));
    if (unmask) {
      maskPersonalData(detail.evidence, masked);
      maskPersonalData([...parties.values()], masked);
    }
    return { detail, evidence, parties: shown, unmask, masked };
  }

  async function send(req: FastifyRequest<{ Params: { id: string }; Querystring: Query }>, reply: FastifyReply, request: ReportRequest): Promise<unknown> {
    const loaded = await load(req, reply);
    if (!loaded) return reply;
    const { detail, evidence, parties, unmask, masked } = loaded;
    const p = req.principal!;
    const blocked = unreportable(detail);
    if (blocked) return reply.code(422).send({ error: 'report incomplete', format: request.format, missing: [blocked] });
    // A ring case's evidence holds a sample of its members' transactions: the rest come from the log.
    const logged = (await ctx.pipeline.store.findScored(uncaptured(detail))).map((x) => x.tx);
    const shownLog = unmask ? logged : (maskPersonalData(logged, masked).value as typeof logged);
    const input = reportInput({ case: detail.case, alerts: detail.alerts, evidence }, (ctx.institution ?? {}) as never, parties, request, new Date(), shownLog);
    const result = exportReport(input, request, { masked: !unmask });
    if (!result.ok) {
      const hint = ctx.institution && Object.keys(ctx.institution).length ? [] : [NO_INSTITUTION];
      return reply.code(422).send({ error: 'report incomplete', format: request.format, missing: [...hint, ...result.missing] });
    }
    const edited = request.narrative !== undefined || request.analysis !== undefined;
    await ctx.audit?.append({ actor: p.id, action: 'case.export', subject: detail.case.id, details: { format: request.format, sha256: result.sha256, masked: !unmask, file: result.file_name ?? null, edited } });
    if (unmask) {
      await ctx.audit?.append({ actor: p.id, action: 'unmask', subject: detail.case.id, details: { via: 'export', format: request.format, sha256: result.sha256, fields: [...masked].sort() } });
    }
    const ext = result.media_type.includes('json') ? 'json' : 'xml';
    const name = unmask ? (result.file_name ?? `${detail.case.id}.${ext}`) : `${detail.case.id}-${request.format}-masked.${ext}`;
    reply.header('content-type', `${result.media_type}; charset=utf-8`);
    reply.header('x-ringwatch-masked', unmask ? 'false' : 'true');
    reply.header('x-ringwatch-valid', 'true');
    if (result.file_name) reply.header('x-ringwatch-file-name', result.file_name);
    reply.header('content-disposition', `attachment; filename="${name}"`);
    return result.content;
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/cases/:id/report', { config: { permission: 'cases.export' } }, async (req, reply) => {
    const { narrative: _n, analysis: _a, ...query } = req.query;
    const request = readReportRequest(query);
    if ('field' in request) return bad(reply, request.field, request.reason);
    return send(req, reply, request);
  });

  app.post<{ Params: { id: string }; Querystring: Query }>('/v1/cases/:id/report', { config: { permission: 'cases.export' } }, async (req, reply) => {
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return bad(reply, '(body)', 'must be a JSON object: {format, narrative?, analysis?, action?, language?, file_type?, sequence?, original?, times?, first?, notice?}');
    const request = readReportRequest(body as Record<string, unknown>);
    if ('field' in request) return bad(reply, request.field, request.reason);
    return send(req, reply, request);
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/cases/:id/narrative', { config: { permission: 'cases.export' } }, async (req, reply) => {
    const lang = req.query.language ?? req.query.lang ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') return bad(reply, 'language', 'must be zh or en');
    const loaded = await load(req, reply);
    if (!loaded) return reply;
    const logged = (await ctx.pipeline.store.findScored(uncaptured(loaded.detail))).map((x) => x.tx);
    const shownLog = loaded.unmask ? logged : (maskPersonalData(logged, loaded.masked).value as typeof logged);
    const input = reportInput({ case: loaded.detail.case, alerts: loaded.detail.alerts, evidence: loaded.evidence }, (ctx.institution ?? {}) as never, loaded.parties, { format: 'pboc' }, new Date(), shownLog);
    if (loaded.unmask) {
      await ctx.audit?.append({ actor: req.principal!.id, action: 'unmask', subject: loaded.detail.case.id, details: { via: 'narrative', fields: [...loaded.masked].sort() } });
    }
    return { case: loaded.detail.case.id, masked: !loaded.unmask, ...narrativeDrafts(input, lang) };
  });
}
