import type { FastifyInstance } from 'fastify';
import {
  MESSAGE_TYPES, SCHEMAS, XML_CONTENT_TYPES, parseXmlMessage, toJsonSchema, toPaymentMessage, validateMessage, type FieldError, type MessageType,
  type PaymentFacts,
} from '../../ingest/iso20022/index.js';
import { can } from '../../security/permissions.js';
import type { ApiContext } from '../context.js';
import { presentDecision } from '../present.js';

/** Tazama's routes for the four ISO 20022 messages, answering with a decision. */
export const ISO20022_PATH = '/v1/evaluate/iso20022';

const TAZAMA_OK = 'Transaction is valid';

/** A parsed XML body: the JSON dialect it maps to, or why it could not be read. */
class XmlBody {
  constructor(readonly result: ReturnType<typeof parseXmlMessage>) {}
}

/** The facts without personal data: the birth year only, no coordinates. */
function maskFacts(f: PaymentFacts): PaymentFacts {
  const out = { ...f };
  if (out.debtorBirthDate) out.debtorBirthDate = `${out.debtorBirthDate.slice(0, 4)}-**-**`;
  if (out.geolocation) out.geolocation = { lat: '***', long: '***' };
  return out;
}

function errorBody(errors: FieldError[]): { errors: FieldError[] } {
  return { errors };
}

export function iso20022Routes(app: FastifyInstance, ctx: ApiContext): void {
  // A scope of its own, so the XML parser is ours alone.
  void app.register(async (scope) => {
    scope.addContentTypeParser(XML_CONTENT_TYPES, { parseAs: 'string' }, (_req, body, done) => {
      done(null, new XmlBody(parseXmlMessage(body as string)));
    });

    for (const type of MESSAGE_TYPES) {
      scope.post(
        `${ISO20022_PATH}/${type}`,
        {
          config: { permission: 'transactions.write' },
          // Documented for /docs; our validator checks the body (it names every bad field and applies Tazama's coercions).
          schema: { body: toJsonSchema(SCHEMAS[type]) },
          validatorCompiler: () => () => true,
        },
        async (req, reply) => {
          const started = performance.now();
          let body: unknown = req.body;
          // Standard XML is held to ISO's mandatory members; JSON to Tazama's dialect.
          const profile = body instanceof XmlBody ? 'iso' : 'tazama';
          if (body instanceof XmlBody) {
            const x = body.result;
            if (!x.ok) {
              ctx.metrics.rejected++;
              return reply.code(400).send(errorBody(x.errors));
            }
            if (x.type !== type) {
              ctx.metrics.rejected++;
              return reply.code(400).send(errorBody([{ field: 'Document', reason: `is a ${x.type} message (namespace urn:iso:std:iso:20022:tech:xsd:${x.type}); post it to ${ISO20022_PATH}/${x.type}` }]));
            }
            body = x.message;
          }
          const v = validateMessage(type as MessageType, body, Date.now(), profile);
          if (!v.ok) {
            ctx.metrics.rejected++;
            return reply.code(400).send(errorBody(v.errors));
          }
          const payments = ctx.payments;
          if (!payments) return reply.code(503).send(errorBody([{ field: '(request)', reason: 'ISO 20022 intake is not configured on this server' }]));
          const r = await payments.submit(toPaymentMessage(v.message));
          if (!r.ok) {
            ctx.metrics.rejected++;
            return reply.code(r.status).send(errorBody(r.errors));
          }
          const a = r.answer;
          ctx.metrics.decided(a.decision.decision, a.duplicate);
          ctx.metrics.latency.observe(performance.now() - started);
          // The message is echoed as Tazama does; its JSON text was made once already (for the content hash).
          const rest = JSON.stringify({ decision: presentDecision(a.decision, a.duplicate), transfer: a.transfer, duplicate: a.duplicate });
          return reply.type('application/json; charset=utf-8').send(`{"message":"${TAZAMA_OK}","data":${a.dataJson},${rest.slice(1)}`);
        },
      );
    }

    // Birth dates and geolocation are personal data: masked unless `?unmask=1` by a role that may (audited).
    scope.get<{ Params: { id: string }; Querystring: { unmask?: string } }>('/v1/iso20022/transfers/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
      const unmask = req.query.unmask === '1' || req.query.unmask === 'true';
      const p = req.principal!;
      if (unmask && !can(p.role, 'pii.unmask')) return reply.code(403).send({ error: 'forbidden', reason: `${p.role} may not unmask personal data` });
      const t = await ctx.payments?.transfer(req.params.id);
      if (!t) return reply.code(404).send({ error: 'not found', errors: [{ field: 'id', reason: `no ISO 20022 transfer with EndToEndId ${req.params.id}` }] });
      if (unmask) await ctx.audit?.append({ actor: p.id, action: 'unmask', subject: `iso20022:${t.id}`, details: { fields: ['debtorBirthDate', 'geolocation'] } });
      return {
        id: t.id, status: t.status, code: t.code, decision: t.decision && presentDecision(t.decision), masked: !unmask,
        messages: t.details.map((m) => ({
          type: m.type, msgId: m.msgId, receivedAt: m.receivedAt, status: m.status, facts: unmask ? m.facts : maskFacts(m.facts), transfer: m.transfer,
        })),
      };
    });
  });
}
