import { resolve } from "node:path";
import { FolderLockedError } from "@ilms/db";
import { BackupError, backupPglite, backupPostgres, restorePglite, restorePostgres } from "@ilms/db/backup";
import { EXIT, UsageError, parse, println } from "../command";
import type { Command, CliIo } from "../command";

const WHERE = `The database is the one every command uses: DATABASE_URL (PostgreSQL) or the PGlite folder
ILMS_DATA_DIR (default .data/pglite).`;

function refused(io: CliIo, command: string, error: unknown): number {
  if (!(error instanceof BackupError) && !(error instanceof FolderLockedError)) throw error;
  println(io.stderr, `ilms ${command}: ${(error as Error).message}`);
  return EXIT.rejected;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export const backupCommand: Command = {
  name: "backup",
  summary: "Write the whole database (data, accounts, audit trail) to a file",
  usage: `ilms backup -o FILE

Writes a consistent copy of the whole warehouse to FILE (written under a temporary name, renamed when complete).
PostgreSQL: pg_dump custom format (pg_dump must be on PATH, same major version as the server or newer).
PGlite: the data folder as PGlite dumps it (gzipped tar); the folder must not be held by another process, so
stop the API first (its lock names it otherwise).
${WHERE}
Restore with: ilms restore FILE`,
  async run(args, io) {
    const { values, positionals } = parse(args, { output: { type: "string", short: "o" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.output) throw new UsageError("give the file to write: -o FILE");
    const file = resolve(values.output);
    try {
      const { bytes } = io.env.DATABASE_URL
        ? await backupPostgres(io.env.DATABASE_URL, file, io.env)
        : await backupPglite(io.env.ILMS_DATA_DIR, file);
      println(
        io.stdout,
        `Backup of ${io.env.DATABASE_URL ? "the PostgreSQL database" : io.env.ILMS_DATA_DIR} written to ${file} (${megabytes(bytes)}).`,
      );
      return EXIT.ok;
    } catch (error) {
      return refused(io, "backup", error);
    }
  },
};

export const restoreCommand: Command = {
  name: "restore",
  summary: "Load a backup into an empty database (--force: replace a non-empty one)",
  usage: `ilms restore FILE [--force]

Loads a file written by ilms backup. The target must be empty: a new PGlite folder (ILMS_DATA_DIR), or an
empty PostgreSQL database (DATABASE_URL; create it with createdb). --force replaces what the target holds.
Nothing is changed when the file cannot be loaded (PostgreSQL: one transaction; PGlite: loaded aside first).
A PGlite file goes into a PGlite folder, a PostgreSQL file into PostgreSQL.
${WHERE}`,
  async run(args, io) {
    const { values, positionals } = parse(args, { force: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError("give one backup file: ilms restore FILE");
    const file = resolve(positionals[0]!);
    try {
      if (io.env.DATABASE_URL) await restorePostgres(file, io.env.DATABASE_URL, io.env, { force: values.force === true });
      else await restorePglite(file, io.env.ILMS_DATA_DIR, { force: values.force === true });
      println(io.stdout, `Restored ${file} into ${io.env.DATABASE_URL ? "the PostgreSQL database" : io.env.ILMS_DATA_DIR}.`);
      return EXIT.ok;
    } catch (error) {
      return refused(io, "restore", error);
    }
  },
};
