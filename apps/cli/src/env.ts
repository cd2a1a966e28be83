/** The only reader of `process.env` in the CLI: the same database settings as the API, with the same defaults. */

import { DEFAULT_DATA_DIR } from "@ilms/db/client";

export interface CliEnv {
  /** PostgreSQL URL; when unset the embedded PGlite database in {@link CliEnv.ILMS_DATA_DIR} is used. */
  DATABASE_URL: string | undefined;
  /** PGlite data folder (embedded mode). */
  ILMS_DATA_DIR: string;
  /** Where `pg_dump`/`pg_restore` are looked up (`ilms backup`, `ilms restore` on PostgreSQL), and `~/.pgpass`. */
  PATH?: string | undefined;
  HOME?: string | undefined;
  /**
   * The active region (`ILMS_REGION`, default `asean`), as the API takes it: `ilms report` is branded with it, and
   * `ilms import` reads the extra indicator ids of its region file.
   */
  ILMS_REGION?: string | undefined;
}

export function readCliEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  const url = source.DATABASE_URL?.trim() || undefined;
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url))
    throw new Error(`Invalid environment:\n  DATABASE_URL: expected a postgres:// URL, got '${url}'`);
  return {
    DATABASE_URL: url,
    ILMS_DATA_DIR: source.ILMS_DATA_DIR?.trim() || DEFAULT_DATA_DIR,
    PATH: source.PATH,
    HOME: source.HOME,
    ILMS_REGION: source.ILMS_REGION?.trim() || undefined,
  };
}
