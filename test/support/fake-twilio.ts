import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ProviderRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  fields: Record<string, string>;
}

/**
 * A local server that speaks the part of Twilio's REST API the channels use: POST
 * /2010-04-01/Accounts/{Sid}/Messages.json and …/Calls.json, form-encoded, Basic auth. It records
 * every request; `failNext` queues statuses to answer before the next successes.
 */
export const startFakeTwilio = async (accountSid: string, authToken: string) => {
  const requests: ProviderRequest[] = [];
  const queued: number[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => resolve(body));
      request.on('error', reject);
    });

  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const fields = Object.fromEntries(new URLSearchParams(body));
      const path = request.url ?? '';
      requests.push({
        method: request.method ?? '',
        path,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        fields,
      });
      const answer = (status: number, payload: object) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (request.headers.authorization !== expectedAuth)
        return answer(401, { code: 20003, message: 'Authenticate', status: 401 });
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(path);
      if (request.method !== 'POST' || !match || match[1] !== accountSid)
        return answer(404, { code: 20404, message: 'Not found', status: 404 });
      const failure = queued.shift();
      if (failure)
        return answer(failure, {
          code: 21211,
          message: `The 'To' number ${fields.To} is not valid. (secret provider detail)`,
          status: failure,
        });
      return answer(201, { sid: `${match[2] === 'Calls' ? 'CA' : 'SM'}${requests.length}`, status: 'queued' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    failNext: (...statuses: number[]) => queued.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
