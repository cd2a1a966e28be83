/**
 * The scratch PostgreSQL database of a benchmark: a new database with a random name (`ilms_bench_…`) on the
 * server of TEST_DATABASE_URL, dropped when the benchmark ends, however it ends.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** The server's URL; without one, says how to give it and exits with status 2. */
export function requireServer(server: string | undefined, script: string): string {
  if (server) return server;
  console.error(
    `${script} needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database), e.g.\n  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run ${script}`,
  );
  process.exit(2);
}

/** Runs `work` on a new database of `server`; drops it afterwards unless `keep` (then says it kept it). */
export async function withScratchDatabase<T>(
  server: string,
  work: (scratch: { name: string; url: string }) => Promise<T>,
  options: { keep?: boolean } = {},
): Promise<T> {
  const name = `ilms_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return await work({ name, url: url.toString() });
  } finally {
    if (options.keep) console.log(`kept database ${name} (BENCH_KEEP)`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
