/**
 * The webhook sink: each batch is one HTTPS POST of `{"tenantId", "source", "value": [...]}` (Entra's field names
 * in each record), signed with HMAC-SHA256 over `<timestamp>.<body>` under `SSPR_AUDIT_WEBHOOK_SECRET`:
 *   X-OpenSSPR-Timestamp: <unix seconds>
 *   X-OpenSSPR-Signature: sha256=<hex>
 *   X-OpenSSPR-Delivery: <tenant>:<source>:<first>-<last>   (the same on a resend, for de-duplication)
 * Only a 2xx acknowledges the batch. Certificates are verified (system roots plus `SSPR_AUDIT_WEBHOOK_CA_FILE`).
 * The secret is never logged or put in an error.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:https';
import type { SiemSink } from '../../core/ports.js';

export interface WebhookOptions {
  url: string;
  secret: string;
  ca?: string[] | undefined;
  timeoutMs?: number;
  now?: () => Date;
}

export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;

export const createWebhookSink = (options: WebhookOptions): SiemSink => {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const target = new URL(options.url);
  return {
    name: 'webhook',
    send(records) {
      const first = records[0];
      if (!first) return Promise.resolve();
      const body = JSON.stringify({
        tenantId: first.tenantId,
        source: first.source,
        value: records.map((r) => r.body),
      });
      const timestamp = String(Math.floor(now().getTime() / 1000));
      return new Promise<void>((resolve, reject) => {
        const req = request(
          target,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-opensspr-timestamp': timestamp,
              'x-opensspr-signature': webhookSignature(options.secret, timestamp, body),
              'x-opensspr-delivery': `${first.tenantId}:${first.source}:${first.position}-${records.at(-1)!.position}`,
            },
            ...(options.ca && { ca: options.ca }),
            rejectUnauthorized: true,
            timeout: timeoutMs,
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) resolve();
              else reject(new Error(`webhook ${target.host} answered ${status}`));
            });
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`webhook ${target.host} timed out`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => Promise.resolve(),
  };
};
