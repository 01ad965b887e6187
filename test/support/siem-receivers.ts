/**
 * Real SIEM receivers on loopback for the stream's end-to-end tests: Debian's rsyslog (imtcp with the gtls driver,
 * RFC 5425 octet-counted frames) writing what it receives to a file, and an HTTPS webhook checking the HMAC. Both
 * can be stopped and started again on the same port to play an outage. Certificates come from tls.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';

const waitForPort = async (port: number, timeoutMs = 10_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export interface ReceivedSyslog {
  facility: number;
  severity: number;
  appName: string;
  msgId: string;
  structuredData: string;
  body: Record<string, unknown>;
}

/** rsyslogd in the foreground with its own config, TLS on `port`, each message as one line in `received.log`. */
export const createRsyslog = (dir: string, port: number, cert: { keyFile: string; certFile: string }) => {
  const output = join(dir, 'received.log');
  const config = join(dir, 'rsyslog.conf');
  writeFileSync(
    config,
    `global(workDirectory="${dir}"
  defaultNetstreamDriver="gtls"
  defaultNetstreamDriverCAFile="${cert.certFile}"
  defaultNetstreamDriverCertFile="${cert.certFile}"
  defaultNetstreamDriverKeyFile="${cert.keyFile}")
module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imtcp" address="127.0.0.1" port="${port}")
template(name="fields" type="list") {
  property(name="syslogfacility") constant(value="|") property(name="syslogseverity") constant(value="|")
  property(name="app-name") constant(value="|") property(name="msgid") constant(value="|")
  property(name="structured-data") constant(value="|") property(name="msg") constant(value="\\n")
}
action(type="omfile" file="${output}" template="fields")
`,
  );
  let child: ChildProcess | undefined;
  return {
    async start() {
      child = spawn('rsyslogd', ['-n', '-f', config, '-i', join(dir, 'rsyslogd.pid')], { stdio: 'ignore' });
      await waitForPort(port);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
    received(): ReceivedSyslog[] {
      if (!existsSync(output)) return [];
      return readFileSync(output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [facility, severity, appName, msgId, ...rest] = line.split('|');
          const text = rest.join('|');
          // The structured data ends at its closing bracket; the message (after a BOM) is the JSON.
          const end = text.indexOf(']|');
          return {
            facility: Number(facility),
            severity: Number(severity),
            appName: appName!,
            msgId: msgId!,
            structuredData: text.slice(0, end + 1),
            body: JSON.parse(text.slice(end + 2).replace(/^\ufeff/, '')) as Record<string, unknown>,
          };
        });
    },
  };
};

export interface WebhookDelivery {
  tenantId: string;
  source: string;
  value: Record<string, unknown>[];
  delivery: string;
}

/** An HTTPS receiver that accepts only correctly signed POSTs (401 otherwise) and keeps the batches it accepted. */
export const createWebhookReceiver = (port: number, secret: string, cert: { keyFile: string; certFile: string }) => {
  const accepted: WebhookDelivery[] = [];
  let refusedSignatures = 0;
  let server: Server | undefined;
  const handler: Parameters<typeof createServer>[1] = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-opensspr-timestamp'] ?? '');
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
      );
      const given = Buffer.from(String(req.headers['x-opensspr-signature'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        refusedSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      const parsed = JSON.parse(body) as Omit<WebhookDelivery, 'delivery'>;
      accepted.push({ ...parsed, delivery: String(req.headers['x-opensspr-delivery']) });
      res.writeHead(204).end();
    });
  };
  return {
    accepted,
    refusedSignatures: () => refusedSignatures,
    start: () =>
      new Promise<void>((resolve) => {
        server = createServer({ key: readFileSync(cert.keyFile), cert: readFileSync(cert.certFile) }, handler);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        const s = server;
        server = undefined;
        if (!s) return resolve();
        s.close(() => resolve());
        s.closeAllConnections();
      }),
  };
};
