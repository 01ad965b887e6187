/**
 * Reports, the audit log and the sign-in log over the admin API (issue #15): read-only, for the roles
 * Entra lets read them (`roleGroups.readReports`); nothing here writes. Each takes its filters from the
 * query string, checked once (unknown filters, bad dates and oversized pages are 400s with stable
 * codes); `?format=csv` streams every filtered row, read in keyset pages, straight to the reply.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { siemDestinations } from '../../config/audit-config.js';
import { roleGroups } from '../../core/roles/role-groups.js';
import { format, type QueryInput } from '../../core/reports/report-query.js';
import { parseAuditQuery, parseSignInQuery } from '../../services/reports/log-queries.js';
import { parseRegistrationQuery } from '../../services/reports/registration-report.js';
import { auditCsv, registrationCsv, signInCsv, usageCsv } from '../../services/reports/report-csv.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

/** Sends CSV lines as they are produced; the stream's backpressure keeps memory flat. */
export const sendCsv = (reply: FastifyReply, name: string, lines: AsyncIterable<string>) =>
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines));

export const adminReportRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { logs, registrationReport } = context.services;
  const read = requireApiSession(context, roleGroups.readReports);
  const tenantOf = (request: FastifyRequest) => request.admin!.tenantId;
  const query = (request: FastifyRequest) => request.query as QueryInput;
  const schema = (summary: string) => ({
    tags: ['admin: reports'],
    summary,
    response: problemResponses(400, 401, 403, 404),
  });

  app.get(
    '/api/v1/admin/audit',
    {
      preHandler: read,
      schema: schema('Audit events, newest first: since, until, activity, target, result, top, skip'),
    },
    async (request, reply) => {
      const asked = query(request);
      const { filter, page } = parseAuditQuery(asked);
      const tenantId = tenantOf(request);
      if (format(asked) === 'csv') return sendCsv(reply, 'audit', auditCsv(logs.auditRows(tenantId, filter)));
      return { top: page.top, skip: page.skip, value: await logs.auditPage(tenantId, filter, page) };
    },
  );

  app.get(
    '/api/v1/admin/sign-ins',
    { preHandler: read, schema: schema('Sign-in events, newest first: since, until, user, result, top, skip') },
    async (request, reply) => {
      const asked = query(request);
      const { filter, page } = parseSignInQuery(asked);
      const tenantId = tenantOf(request);
      if (format(asked) === 'csv') return sendCsv(reply, 'sign-ins', signInCsv(logs.signInRows(tenantId, filter)));
      return { top: page.top, skip: page.skip, value: await logs.signInPage(tenantId, filter, page) };
    },
  );

  app.get(
    '/api/v1/admin/reports/registration',
    {
      preHandler: read,
      schema: schema("Users' SSPR registration (userRegistrationDetails): registered, capable, method, group filters"),
    },
    async (request, reply) => {
      const asked = query(request);
      const { filter, page } = parseRegistrationQuery(asked);
      const tenantId = tenantOf(request);
      if (format(asked) === 'csv')
        return sendCsv(reply, 'registration', registrationCsv(registrationReport.rows(tenantId, filter)));
      return registrationReport.summary(tenantId, filter, page);
    },
  );

  app.get(
    '/api/v1/admin/siem/status',
    {
      preHandler: read,
      schema: schema('The SIEM stream per destination and source: last forwarded position and time, lag, last error'),
    },
    async (request) => {
      const destinations = siemDestinations(context.config.audit);
      return { value: await context.services.siemStatus.status(tenantOf(request), destinations) };
    },
  );

  app.get(
    '/api/v1/admin/reports/usage',
    { preHandler: read, schema: schema('Resets, unlocks and registrations per day (Usage & insights; P1/P2)') },
    async (request, reply) => {
      const asked = query(request);
      const report = await logs.usage(tenantOf(request), asked);
      if (format(asked) === 'csv') return sendCsv(reply, 'usage', usageCsv(report));
      return report;
    },
  );
};
