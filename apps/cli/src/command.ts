/**
 * What a CLI command is: a name, one line of help, a usage text and a `run` that returns the exit code.
 * Commands are listed once in `main.ts`; adding one is a file in `commands/` and one line there.
 */
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import type { DbHandle } from "@ilms/db";
import { describeOwner, migrateAndSeed, openDb } from "@ilms/db";
import type { CliEnv } from "./env";

/** Exit codes: 0 success, 1 input rejected (the file, not the command line), 2 usage error. */
export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: CliEnv;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A command line that cannot be run: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** `node:util` parseArgs, with its errors turned into {@link UsageError}. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Opens the configured database, migrated and with reference data, runs `fn`, and closes it whatever happens.
 * An embedded folder the running API owns is used through the API's socket (the API migrated it); a folder
 * another process holds without serving it is refused with a message naming that process.
 */
export async function withDb<T>(io: CliIo, fn: (db: DbHandle) => Promise<T>, options: { prepare?: boolean } = {}): Promise<T> {
  const db = await openDb({ url: io.env.DATABASE_URL, dataDir: io.env.ILMS_DATA_DIR, max: 2, whenOwned: "connect" });
  if (db.via) println(io.stderr, `ilms: ${io.env.ILMS_DATA_DIR} is open in ${describeOwner(db.via)}; working through its database socket.`);
  try {
    if (options.prepare !== false) await migrateAndSeed(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function println(stream: NodeJS.WritableStream, text = ""): void {
  stream.write(`${text}\n`);
}
