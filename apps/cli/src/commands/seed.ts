import { loadDemoData } from "@ilms/ingest";
import { migrateAndSeed } from "@ilms/db";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";

export const seedCommand: Command = {
  name: "seed",
  summary: "Apply migrations, seed the code lists and catalogue; --demo loads the shipped ILOSTAT sample",
  usage: `ilms seed [--demo]

Seeds the shipped code lists and the table catalogue (idempotent: existing rows are left as they are).
--demo also loads the real ILOSTAT ILMS sample (2,756 rows) into the published round DEMO-ILOSTAT with
one demo source per country; running it again reports the rows as unchanged.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { demo: { type: "boolean" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    await withDb(
      io,
      async (db) => {
        const lines = await migrateAndSeed(db);
        for (const line of lines.length ? lines : ["Reference data already seeded."]) println(io.stdout, line);
        if (values.demo) {
          const report = await loadDemoData(db);
          println(
            io.stdout,
            `Demo data: ${report.status}, ${report.rowsWritten} rows written, ${report.rowsUnchanged} unchanged, ${report.findingCount} check findings (round ${report.round}).`,
          );
        }
      },
      { prepare: false },
    );
    return EXIT.ok;
  },
};
