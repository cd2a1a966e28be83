import { randomBytes } from "node:crypto";
// The account rules live in governance (argon2id hashing, country checks, the last admin, the audit trail), shared with the API.
import type { UserRow } from "@ilms/governance/accounts";
import { GovernanceError } from "@ilms/governance/errors";
import { createUser, deactivateUser, listUsers, updateUser, userIdByEmail } from "@ilms/governance/users";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { CliIo, Command } from "../command";

const USAGE = `ilms user create --email EMAIL (--admin | --role ROLE) [--countries THA,VNM] [--name NAME] [--password-stdin]
ilms user list
ilms user set-password --email EMAIL [--password-stdin]
ilms user deactivate --email EMAIL

Accounts, from the machine the warehouse runs on (no login needed: this is how the first admin is made).
  --admin            same as --role admin
  --role ROLE        admin, editor, reviewer or viewer
  --countries LIST   reporting countries of an editor (ISO alpha-3, comma-separated)
  --password-stdin   read the password from standard input (e.g. printf %s "$PW" | npm run ilms -- user create ...);
                     without it a random password is generated and printed once
Passwords are stored as argon2id hashes; at least 12 characters. Every change is written to the audit trail as 'system'.`;

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  return text.replace(/\r?\n$/, "");
}

async function password(io: CliIo, fromStdin: boolean | undefined): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readStdin(io.stdin), generated: false };
  return { password: randomBytes(15).toString("base64url"), generated: true };
}

const show = (u: UserRow) =>
  `${u.email}  ${u.role}${u.countries.length ? ` (${u.countries.join(", ")})` : ""}${u.active ? "" : "  [deactivated]"}`;

export const userCommand: Command = {
  name: "user",
  summary: "Create and manage accounts (the first admin: user create --admin)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      admin: { type: "boolean" },
      countries: { type: "string" },
      "password-stdin": { type: "boolean" },
      json: { type: "boolean" },
    });
    const [action, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const needEmail = () => {
      if (!values.email) throw new UsageError("--email is required");
      return values.email;
    };
    try {
      switch (action) {
        case "create": {
          const email = needEmail();
          if (values.admin && values.role && values.role !== "admin") throw new UsageError("--admin and --role disagree");
          const role = values.admin ? "admin" : values.role;
          if (!role) throw new UsageError("give --admin or --role");
          const pw = await password(io, values["password-stdin"]);
          const countries = values.countries ? values.countries.split(",") : [];
          const user = await withDb(io, (db) =>
            createUser(db, null, { email, name: values.name ?? null, role, countries, password: pw.password }),
          );
          println(io.stdout, `Created ${show(user)}`);
          if (pw.generated) println(io.stdout, `Password (shown once, change it after the first login): ${pw.password}`);
          return EXIT.ok;
        }
        case "list": {
          const rows = await withDb(io, (db) => listUsers(db, null));
          if (values.json) println(io.stdout, JSON.stringify(rows));
          else for (const r of rows) println(io.stdout, show(r));
          if (!values.json && rows.length === 0)
            println(io.stdout, "No accounts yet: ilms user create --admin --email you@example.org --password-stdin");
          return EXIT.ok;
        }
        case "set-password":
        case "deactivate": {
          const email = needEmail();
          const pw = action === "set-password" ? await password(io, values["password-stdin"]) : null;
          const done = await withDb(io, async (db) => {
            const id = await userIdByEmail(db, email);
            if (!id) return null;
            // Either way the account's sessions end (a changed password, a deactivated account).
            return pw ? updateUser(db, null, id, { password: pw.password }, "setPassword") : deactivateUser(db, null, id);
          });
          if (!done) {
            println(io.stderr, `ilms user: no account with email ${email.trim().toLowerCase()}`);
            return EXIT.rejected;
          }
          println(
            io.stdout,
            pw ? `Password changed for ${done.email}; its sessions are ended.` : `Deactivated ${show(done)}; its sessions are ended.`,
          );
          if (pw?.generated) println(io.stdout, `Password (shown once): ${pw.password}`);
          return EXIT.ok;
        }
        default:
          throw new UsageError(action ? `unknown action '${action}'` : "give an action: create, list, set-password or deactivate");
      }
    } catch (error) {
      // Account rules (taken email, short password, unknown country) are refusals of the input, exit code 1.
      if (error instanceof GovernanceError) {
        println(io.stderr, `ilms user: ${error.message}`);
        return EXIT.rejected;
      }
      throw error;
    }
  },
};
