import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { problemResponses } from './schemas.js';

/**
 * The provider's voice callback. It is the API's one documented exception to "JSON only, same
 * origin" (see security.ts): the provider posts a form, from its own servers, and proves itself with
 * a signature over the full public URL and the fields instead.
 */
export const voiceCallbackRoute = '/api/v1/channels/voice/:tenantId/:callId';

/** Routes authenticated by a provider signature rather than by Origin and content type. */
export const signedCallbackRoutes: readonly string[] = [voiceCallbackRoute];

const Params = Type.Object({
  tenantId: Type.String({ minLength: 1, maxLength: 64 }),
  callId: Type.String({ minLength: 1, maxLength: 64 }),
});
const Fields = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 1024 }), Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 20 })]),
  { maxProperties: 100 },
);

export const voiceCallbackRoutes = async (app: FastifyInstance, { config, services }: HttpContext) => {
  // Encapsulated in this plugin: form bodies are parsed here, never on the rest of the API.
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof Fields> | undefined }>(
    voiceCallbackRoute,
    {
      schema: {
        tags: ['channels'],
        summary: 'The SMS/voice provider reports the key the callee pressed (signed, form-encoded; answers TwiML)',
        consumes: ['application/x-www-form-urlencoded'],
        params: Params,
        body: Fields,
        response: problemResponses(403, 404),
      },
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const signature = request.headers['x-twilio-signature'];
      const result = await services.voiceCalls.answerFromProvider(request.params.tenantId, request.params.callId, {
        // The URL the provider was given, from SSPR_PUBLIC_URL: the Host header is never trusted.
        url: `${config.publicUrl}${request.url}`,
        params: request.body ?? {},
        signature: typeof signature === 'string' ? signature : undefined,
      });
      if (!result.ok) return sendProblem(reply, result.code);
      return reply.type(result.value.contentType).send(result.value.body);
    },
  );
};
