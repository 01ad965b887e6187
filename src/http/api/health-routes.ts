import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { mayReadMetrics } from '../metrics-access.js';
import { sendProblem } from '../problem.js';

const Status = Type.Object({ status: Type.String() });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded')]),
  redis: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down')])),
});

export const healthRoutes = async (app: FastifyInstance, { config, services, metrics }: HttpContext) => {
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Readiness: the store is reachable (503 otherwise); with SSPR_REDIS_URL, `redis` says whether the shared ' +
          'rate limits are (`degraded` while not: pages are served, sign-in, reset and agent requests are refused)',
        response: { 200: Readiness },
      },
    },
    async (request, reply) => {
      try {
        await services.operations.checkReadiness();
      } catch (error) {
        request.log.warn({ err: error }, 'store unreachable');
        return sendProblem(reply, 'STORE_UNAVAILABLE');
      }
      // Still 200 while Redis is down: every instance shares it, so taking this one out of rotation would only
      // stop the pages it can still serve.
      const redis = await services.operations.checkSharedLimits();
      if (redis === undefined) return { status: 'ready' as const };
      return { status: redis === 'up' ? ('ready' as const) : ('degraded' as const), redis };
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
