/**
 * A plain TCP listener on an address this process can bind (a loopback decky's, a test's). Under the
 * netns driver a decky's address exists only in its namespace: services go through
 * `ServiceContext.listenTcp`, which the fabric routes to the driver.
 */
import { createServer, type Server } from 'node:net';

/** Listens on `host`:`port` (0: an ephemeral port); rejects with the bind error (`EADDRNOTAVAIL`, …). */
export function listenTcpOn(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
