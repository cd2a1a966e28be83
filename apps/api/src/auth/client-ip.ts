/**
 * The client's address, for login throttling and the audit trail. Behind a reverse proxy or balancer every
 * request comes from the proxy, which would make per-address throttling lock everyone out at once; with
 * `trustProxy` the address the proxy appends to `X-Forwarded-For` is used instead. Only enable it when a proxy
 * that sets the header is always in front (otherwise clients could choose their address).
 */
import type { IncomingMessage } from "node:http";

export function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const header = req.headers["x-forwarded-for"];
    const list = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // The last entry is the one our own proxy added; earlier ones are whatever the client sent.
    const last = list[list.length - 1];
    if (last) return last.slice(0, 100);
  }
  return req.socket.remoteAddress ?? null;
}
