/**
 * `ilms`: the command-line face of the warehouse (`npm run ilms -- <command> ...`). Commands live in
 * `commands/<name>.ts`; this file only lists them, dispatches and maps failures to exit codes.
 */
import { EXIT, UsageError, println } from "./command";
import type { CliIo, Command } from "./command";
import { backupCommand, restoreCommand } from "./commands/backup";
import { catalogueCommand } from "./commands/catalogue";
import { checkCommand } from "./commands/check";
import { codelistCommand } from "./commands/codelist";
import { exportCommand } from "./commands/export";
import { importCommand } from "./commands/import";
import { migrateCommand } from "./commands/migrate";
import { regionCommand } from "./commands/region";
import { reportCommand } from "./commands/report";
import { roundCommand } from "./commands/round";
import { seedCommand } from "./commands/seed";
import { sourceCommand } from "./commands/source";
import { userCommand } from "./commands/user";
import { validateCommand } from "./commands/validate";
import { readCliEnv } from "./env";

/** Every command, in help order. Add a command: one file in `commands/` and one entry here. */
export const COMMANDS: Command[] = [
  importCommand,
  validateCommand,
  checkCommand,
  exportCommand,
  reportCommand,
  roundCommand,
  sourceCommand,
  regionCommand,
  codelistCommand,
  catalogueCommand,
  seedCommand,
  migrateCommand,
  userCommand,
  backupCommand,
  restoreCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: ilms <command> [options]   (npm run ilms -- <command> ...)",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "ilms <command> --help shows a command's options.",
    "Database: DATABASE_URL (PostgreSQL) or the embedded PGlite folder ILMS_DATA_DIR (default .data/pglite).",
  ].join("\n");
}

/** Runs one command line; returns the exit code. Exported for tests. */
export async function main(argv: string[], io: Omit<CliIo, "env"> & { env?: CliIo["env"] }): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    println(name === undefined ? io.stderr : io.stdout, help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    println(io.stderr, `ilms: unknown command '${name}'\n\n${help()}`);
    return EXIT.usage;
  }
  if (args.includes("--help") || args.includes("-h")) {
    println(io.stdout, command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(args, { ...io, env: io.env ?? readCliEnv() });
  } catch (error) {
    if (error instanceof UsageError) {
      println(io.stderr, `ilms ${command.name}: ${error.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("apps/cli/src/main.ts")) {
  // `ilms export ... | head`: a closed pipe ends the output, it is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).catch(
    (error: unknown) => {
      console.error(error instanceof Error ? `ilms: ${error.message}` : error);
      return 3;
    },
  );
  process.exitCode = code;
}
