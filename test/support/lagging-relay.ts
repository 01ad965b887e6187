/**
 * A TCP relay between `sspr serve` and a test's slapd that can hold the directory's answers back, so the crash suite
 * for on-premises writeback can kill the process while a directory write is in flight: the request has reached slapd,
 * which applies it, and the answer has not yet come back. Bytes pass unchanged — StartTLS runs end to end through it,
 * and the harness's certificate names 127.0.0.1, where the relay listens. Requests pass at once; every answer chunk
 * waits `lagMs`, in order; a connection put on hold gets no answer (nor end) any more, so its process waits in the
 * middle of a call until it is killed. When the process dies, what it had sent still reaches slapd (as the kernel
 * would send it), and the connection to slapd is then ended.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface LaggingRelay {
  /** `ldap://127.0.0.1:<port>`: the URL to configure instead of the directory's own. */
  readonly url: string;
  /** How long each answer from the directory is held before it is passed on (0: not at all). */
  lagMs: number;
  /** Puts the connections open now on hold: no answer from now on (the ones made later are not affected). */
  holdOpenConnections(): void;
  close(): Promise<void>;
}

export const startLaggingRelay = async (target: { host: string; port: number }): Promise<LaggingRelay> => {
  const sockets = new Set<Socket>();
  const held = new Set<Socket>();
  const clients = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      held.delete(socket);
    });
    // A side that goes away mid-stream (the killed process) is an expected end, not an error of the test.
    socket.on('error', () => undefined);
  };
  const relay = { lagMs: 0 };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    clients.add(client);
    client.once('close', () => clients.delete(client));
    const owed: Array<{ at: number; chunk: Buffer }> = [];
    let timer: NodeJS.Timeout | undefined;
    let upstreamEnded = false;
    const pass = () => {
      timer = undefined;
      while (owed.length > 0 && owed[0]!.at <= Date.now()) {
        const { chunk } = owed.shift()!;
        if (!client.destroyed && !held.has(client)) client.write(chunk);
      }
      if (owed.length > 0) timer = setTimeout(pass, owed[0]!.at - Date.now());
      else if (upstreamEnded && !held.has(client)) client.end();
    };
    upstream.on('data', (chunk: Buffer) => {
      owed.push({ at: Date.now() + relay.lagMs, chunk });
      if (!timer) pass();
    });
    // slapd ended the connection: the client gets what it is still owed, then the end.
    const ended = () => {
      if (upstreamEnded) return;
      upstreamEnded = true;
      if (!timer) pass();
    };
    upstream.once('end', ended);
    upstream.once('close', ended);
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    // `end`, not `destroy`: whatever the client wrote before it died is still delivered to slapd.
    client.once('end', () => upstream.end());
    client.once('close', () => upstream.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the relay has no port');
  return Object.assign(relay, {
    url: `ldap://127.0.0.1:${address.port}`,
    holdOpenConnections() {
      for (const client of clients) held.add(client);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
};
