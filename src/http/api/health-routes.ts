import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { mayReadMetrics } from '../metrics-access.js';
import { sendProblem } from '../problem.js';

const Status = Type.Object({ status: Type.String() });

export const healthRoutes = async (app: FastifyInstance, { config, services, metrics }: HttpContext) => {
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'Readiness: the store is reachable', response: { 200: Status } } },
    async (request, reply) => {
      try {
        await services.operations.checkReadiness();
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: error }, 'store unreachable');
        return sendProblem(reply, 'STORE_UNAVAILABLE');
      }
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics (Authorization: Bearer SSPR_METRICS_TOKEN)' } },
    async (request, reply) =>
      // A 404, as for any unknown path: the public listener does not even admit that metrics exist.
      mayReadMetrics(config, request)
        ? reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())
        : sendProblem(reply, 'NOT_FOUND'),
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
