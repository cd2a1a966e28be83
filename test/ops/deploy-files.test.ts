/**
 * The deployers' files, checked without a Docker engine: `compose.yaml` parsed as YAML (API, PostgreSQL 15 primary,
 * one streaming replica, Redis; healthchecks, volumes, ports, dependencies; environment names the API really reads,
 * pointing at the right services) and the `Dockerfile` read instruction by instruction (multi-stage on
 * node:20-slim, built output run by node as a non-root user, a healthcheck, sources that exist).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The variables apps/api/src/env.ts validates (the keys of its zod schema). */
function apiEnvNames(): Set<string> {
  const text = readFileSync(join(ROOT, "apps/api/src/env.ts"), "utf8");
  const body = text.slice(text.indexOf("z.object({"), text.indexOf("});", text.indexOf("z.object({")));
  return new Set([...body.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
}

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  configs?: { source: string; target: string }[];
  user?: string;
}

const compose = parse(readFileSync(join(ROOT, "compose.yaml"), "utf8")) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  configs: Record<string, { content: string }>;
};
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command.join(" ") : (s.command ?? ""));

it("compose.yaml has the API, a PostgreSQL 15 primary, one streaming replica and Redis, each with a healthcheck", () => {
  const { services } = compose;
  expect(Object.keys(services).sort()).toEqual(["api", "postgres", "redis", "replica"]);
  for (const [name, service] of Object.entries(services)) expect(service.healthcheck?.test, name).toBeDefined();
  expect(services.postgres!.image).toBe("postgres:15");
  expect(services.replica!.image).toBe("postgres:15");
  expect(services.redis!.image).toMatch(/^redis:/);
  expect(services.api!.build).toBe(".");
  expect(services.api!.ports).toEqual(["4000:4000"]);
  expect(services.api!.depends_on).toEqual({
    postgres: { condition: "service_healthy" },
    replica: { condition: "service_healthy" },
    redis: { condition: "service_healthy" },
  });
  expect(services.replica!.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
  // Every named volume a service mounts is declared, and every database keeps its data in one.
  const mounted = Object.values(services).flatMap((s) => (s.volumes ?? []).map((v) => v.split(":")[0]!));
  for (const volume of mounted) expect(Object.keys(compose.volumes), volume).toContain(volume);
  for (const name of ["postgres", "replica", "redis"]) expect(services[name]!.volumes?.length, name).toBe(1);
});

it("the replica is a hot standby made by pg_basebackup, streaming from the primary by primary_conninfo", () => {
  const { postgres, replica } = compose.services;
  const primary = commandOf(postgres!);
  expect(primary).toContain("wal_level=replica");
  expect(primary).toMatch(/max_wal_senders=\d+/);
  const standby = commandOf(replica!);
  expect(standby).toMatch(/pg_basebackup [^\n]*-R/);
  expect(standby).toContain("--host=postgres");
  expect(standby).toContain("--username=replicator");
  expect(standby).toMatch(/primary_conninfo = 'host=postgres port=5432 user=replicator/);
  expect(standby).toContain("hot_standby=on");
  expect(replica!.healthcheck!.test.toString()).toContain("pg_is_in_recovery()");
  // The primary creates the replication role and lets it in (pg_hba), from the init script it mounts.
  const init = postgres!.configs?.find((c) => c.target.startsWith("/docker-entrypoint-initdb.d/"));
  expect(init).toBeDefined();
  const script = compose.configs[init!.source]!.content;
  expect(script).toMatch(/create role replicator with replication login/);
  expect(script).toMatch(/host replication replicator all scram-sha-256/);
  // Compose's own interpolation would eat single dollars: shell variables are escaped.
  expect(standby).not.toMatch(/(^|[^$])\$PGDATA/);
});

it("the API's environment names only variables the API reads, and points them at the right services", () => {
  const env = compose.services.api!.environment!;
  const known = apiEnvNames();
  expect(known.size).toBeGreaterThan(15);
  for (const name of Object.keys(env)) expect(known.has(name), `${name} is not read by apps/api/src/env.ts`).toBe(true);
  expect(env.NODE_ENV).toBe("production");
  expect(env.HOST).toBe("0.0.0.0");
  expect(env.ILMS_JWT_SECRET).toMatch(/^\$\{ILMS_JWT_SECRET:\?/); // required, never a default in the file
  expect(new URL(env.DATABASE_URL!.replace(/\$\{[^}]+\}/g, "pw")).host).toBe("postgres:5432");
  for (const url of env.DATABASE_REPLICA_URLS!.split(",")) expect(new URL(url.replace(/\$\{[^}]+\}/g, "pw")).host).toBe("replica:5432");
  expect(new URL(env.REDIS_URL!).host).toBe("redis:6379");
  expect(env.CORS_ORIGINS).toBeUndefined();
  expect(compose.services.api!.healthcheck!.test.toString()).toContain("/healthz");
  expect(compose.services.api!.ports![0]!.split(":")[1]).toBe(env.PORT);
});

it("the Dockerfile builds in stages on node:20-slim and runs the built API with node as a non-root user", () => {
  const lines = readFileSync(join(ROOT, "Dockerfile"), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const stages = lines.filter((l) => l.startsWith("FROM "));
  expect(stages.length).toBeGreaterThanOrEqual(2);
  for (const stage of stages) expect(stage).toMatch(/^FROM node:20-slim AS \w+$/);
  const runtime = lines.slice(lines.lastIndexOf(stages.at(-1)!));
  const user = runtime.find((l) => l.startsWith("USER "));
  expect(user).toBeDefined();
  expect(user).not.toMatch(/USER (root|0)\b/);
  expect(runtime.some((l) => l.startsWith("HEALTHCHECK ") && l.includes("/healthz"))).toBe(true);
  const cmd = runtime.find((l) => l.startsWith("CMD "))!;
  const argv = JSON.parse(cmd.slice(4)) as string[];
  expect(argv[0]).toBe("node");
  expect(argv).toContain("--conditions=ilms-dist");
  expect(argv.at(-1)).toBe("apps/api/dist/main.js");
  expect(lines.join("\n")).not.toMatch(/\btsx\b/);
  expect(runtime.some((l) => /^ENV .*NODE_ENV=production/.test(l))).toBe(true);
  // The build runs `npm run build`; the runtime gets the built output and what it reads at run time.
  expect(lines.some((l) => l === "RUN npm run build")).toBe(true);
  const copied = runtime.filter((l) => l.startsWith("COPY --from=build ")).map((l) => l.split(/\s+/)[2]!);
  for (const needed of ["/app/drizzle", "/app/packages", "/app/apps/api/dist", "/app/apps/cli/dist", "/app/apps/console/dist"])
    expect(copied, needed).toContain(needed);
  // Sources copied from the build context exist in the repository.
  for (const line of lines.filter((l) => l.startsWith("COPY ") && !l.includes("--from="))) {
    const parts = line.split(/\s+/).slice(1, -1);
    for (const part of parts) if (part !== ".") expect(existsSync(join(ROOT, part)), line).toBe(true);
  }
  // The image runs the API on all interfaces, where its port and healthcheck say.
  expect(runtime.join(" ")).toMatch(/HOST=0\.0\.0\.0/);
  expect(runtime.some((l) => l === "EXPOSE 4000")).toBe(true);
});
