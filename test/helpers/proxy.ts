/**
 * A TCP proxy in front of a PostgreSQL server that counts what its clients write: one burst per round trip
 * (a client that pipelines several messages sends them in one write).
 */
import { connect, createServer } from "node:net";
import type { AddressInfo } from "node:net";

export interface CountingProxy {
  /** The server's URL with the proxy's port. */
  url: string;
  /** Writes from clients since the start or the last {@link reset}. */
  bursts(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function countingProxy(serverUrl: string): Promise<CountingProxy> {
  let bursts = 0;
  const target = new URL(serverUrl);
  const proxy = createServer((client) => {
    const server = connect(Number(target.port || 5432), target.hostname);
    client.on("data", () => bursts++);
    client.pipe(server).pipe(client);
    const end = () => (client.destroy(), server.destroy());
    client.on("error", end).on("close", end);
    server.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const via = new URL(serverUrl);
  via.port = String((proxy.address() as AddressInfo).port);
  return {
    url: via.toString(),
    bursts: () => bursts,
    reset: () => (bursts = 0),
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}
