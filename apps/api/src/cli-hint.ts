/**
 * How to run the CLI against the database this API serves: the CLI reads the same variables, so a hint that
 * leaves out a non-default `ILMS_DATA_DIR` (or `DATABASE_URL`) would send the user to a second, empty database.
 */
import { resolve } from "node:path";
import { DEFAULT_DATA_DIR } from "@ilms/db/client";
import type { Env } from "./env";

const quote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);

/** The command prefix, e.g. `ILMS_DATA_DIR=/srv/ilms/pglite npm run ilms --`; a password in the URL is not printed. */
export function cliCommand(env: Pick<Env, "DATABASE_URL" | "ILMS_DATA_DIR">): string {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    if (url.password) url.password = "PASSWORD";
    return `DATABASE_URL=${quote(url.toString())} npm run ilms --`;
  }
  // Absolute: the API may run in apps/api, the CLI from the repository root.
  const dir = resolve(env.ILMS_DATA_DIR);
  return dir === DEFAULT_DATA_DIR ? "npm run ilms --" : `ILMS_DATA_DIR=${quote(dir)} npm run ilms --`;
}
