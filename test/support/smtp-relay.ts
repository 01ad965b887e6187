import { SMTPServer } from 'smtp-server';

export interface RelayMail {
  to: string[];
  raw: string;
}

/**
 * A real SMTP listener on a loopback port for delivery tests: it can be stopped and started again on the same port
 * (the provider down, then back), and can hold each message before accepting it (`hold`) — a slow relay, or one that
 * answers only when the test releases it.
 */
export const createSmtpRelay = (options: { hold?: () => Promise<void> } = {}) => {
  const received: RelayMail[] = [];
  let server: SMTPServer | undefined;
  let entered = 0;
  const start = (port = 0) =>
    new Promise<number>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          entered += 1;
          let raw = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => (raw += chunk));
          stream.on('end', () => {
            void (options.hold?.() ?? Promise.resolve()).then(() => {
              received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
              callback();
            });
          });
        },
      });
      server.on('error', () => undefined);
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server!.server.address() as { port: number }).port));
    });
  return {
    received,
    /** Messages whose DATA the relay has started reading (held or not). */
    entered: () => entered,
    start,
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
};
