import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { createTransport } from 'nodemailer';
import type { EmailChannel } from '../../core/ports.js';
import { DeliveryAttemptError, defaultDeliveryPolicy, deliverWithRetries, type DeliveryPolicy } from './delivery.js';

export interface SmtpChannelOptions {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://). */
  implicitTls: boolean;
  /** Refuse to send unless the server upgrades with STARTTLS; otherwise STARTTLS is used when offered. */
  requireStartTls: boolean;
  user: string | undefined;
  password: string | undefined;
  /** Extra trusted CA certificates (PEM file); the system store stays trusted. */
  caFile: string | undefined;
  from: { address: string; name: string | undefined };
  delivery?: DeliveryPolicy;
}

// One recipient, no header tricks: the address goes into the envelope and the To header verbatim.
const singleAddress = /^[^\s@<>",;()\\[\]]+@[^\s@<>",;()\\[\]]+$/;
const certificateProblem = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/;
const transientCodes = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'];

/** SMTP failures worth a second try: 4xx replies and lost connections; never auth, TLS or 5xx refusals. */
const classify = (error: unknown): DeliveryAttemptError => {
  const e = error as { code?: string; originalCode?: string; responseCode?: number };
  let retryable = false;
  if (typeof e.responseCode === 'number') retryable = e.responseCode >= 400 && e.responseCode < 500;
  else if (e.code && transientCodes.includes(e.code)) retryable = !certificateProblem.test(e.originalCode ?? '');
  const reason = e.responseCode ? `SMTP reply ${e.responseCode}` : (e.code ?? 'error');
  return new DeliveryAttemptError(`the mail server refused or failed (${reason})`, { retryable, cause: error });
};

/**
 * Email over SMTP with nodemailer. Certificates are always validated (against the system store
 * plus SSPR_SMTP_CA_FILE); the message has a plain-text body and, when given, an HTML alternative.
 */
export const createSmtpEmailChannel = (options: SmtpChannelOptions): EmailChannel => {
  const policy = options.delivery ?? defaultDeliveryPolicy;
  // Node's `ca` replaces the default roots, so the system roots are passed along with the extra file.
  const ca = options.caFile ? [...rootCertificates, readFileSync(options.caFile, 'utf8')] : undefined;
  const socketTimeout = Math.max(1000, policy.timeoutMs - 500);
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.implicitTls,
    requireTLS: options.requireStartTls,
    ...(options.user !== undefined && { auth: { user: options.user, pass: options.password ?? '' } }),
    tls: {
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ...(isIP(options.host) === 0 && { servername: options.host }),
      ...(ca && { ca }),
    },
    connectionTimeout: socketTimeout,
    greetingTimeout: socketTimeout,
    socketTimeout,
    // Messages are built from our templates only; nodemailer must never read files or URLs for them.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const from = options.from.name ? { name: options.from.name, address: options.from.address } : options.from.address;

  return {
    async send({ to, subject, text, html }) {
      if (!singleAddress.test(to)) throw new Error('email delivery refused: the recipient is not one plain address');
      await deliverWithRetries('email delivery', policy, async () => {
        try {
          await transport.sendMail({
            from,
            to,
            envelope: { from: options.from.address, to: [to] },
            subject: subject.replace(/[\r\n]+/g, ' '),
            text,
            ...(html !== undefined && { html }),
          });
        } catch (error) {
          throw classify(error);
        }
      });
    },
  };
};
