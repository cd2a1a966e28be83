/**
 * `GET /metrics`: the Prometheus text format, for a scraper on the same machine (loopback) or one that sends
 * `Authorization: Bearer <METRICS_TOKEN>`. Behind a reverse proxy (`ILMS_TRUST_PROXY=true`) a request carrying
 * `X-Forwarded-For` comes from outside even though the proxy connects over loopback, so it needs the token.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "./metrics";

export interface MetricsAccess {
  /** Opens `/metrics` to non-loopback callers presenting it as a bearer token; loopback only when absent. */
  token?: string | undefined;
  trustProxy?: boolean | undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `req` may read the metrics, and if not, why (the 403/401 message). */
export function metricsRefusal(req: IncomingMessage, access: MetricsAccess): { status: number; message: string } | null {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  if (bearer !== undefined) {
    if (access.token && sameSecret(bearer, access.token)) return null;
    return { status: 401, message: "Wrong metrics token" };
  }
  const proxied = access.trustProxy === true && req.headers["x-forwarded-for"] !== undefined;
  if (LOOPBACK.has(req.socket.remoteAddress ?? "") && !proxied) return null;
  return {
    status: 403,
    message: access.token
      ? "Metrics are served to loopback callers, or with Authorization: Bearer <METRICS_TOKEN>"
      : "Metrics are served to loopback callers only (set METRICS_TOKEN to let a remote scraper in)",
  };
}

export async function serveMetrics(req: IncomingMessage, res: ServerResponse, access: MetricsAccess): Promise<void> {
  const refusal = metricsRefusal(req, access);
  if (refusal) {
    const body = JSON.stringify({ error: { code: refusal.status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN", message: refusal.message } });
    res.writeHead(refusal.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(body);
    return;
  }
  const body = await metrics.registry.metrics();
  res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : body);
}
