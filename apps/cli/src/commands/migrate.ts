import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Apply pending database migrations",
  usage: `ilms migrate

Applies the migrations in drizzle/ to the database named by DATABASE_URL (or the PGlite folder
ILMS_DATA_DIR, default .data/pglite). Safe to run again.`,
  async run(args, io) {
    const { positionals } = parse(args, {});
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    await withDb(io, (db) => db.migrate(), { prepare: false });
    println(io.stdout, "Migrations applied.");
    return EXIT.ok;
  },
};
