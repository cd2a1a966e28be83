import { randomBytes } from "node:crypto";
// The account rules live in governance (argon2id hashing, country checks, the audit trail), shared with the API.
import { USER_COLUMNS, findUser, insertUser, normaliseEmail } from "@ilms/governance/accounts";
import type { UserRow } from "@ilms/governance/accounts";
import { recordAudit } from "@ilms/governance/audit";
import { hashPassword, passwordProblem } from "@ilms/governance/passwords";
import { GovernanceCode, GovernanceError } from "@ilms/governance/errors";
import { revokeUserSessions } from "@ilms/governance/sessions";
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
            db.transaction(async (tx) => {
              const row = await insertUser(tx, { email, name: values.name ?? null, role, countries, password: pw.password });
              await recordAudit(tx, null, { action: "createUser", entity: "user", entityId: row.id, after: row });
              return row;
            }),
          );
          println(io.stdout, `Created ${show(user)}`);
          if (pw.generated) println(io.stdout, `Password (shown once, change it after the first login): ${pw.password}`);
          return EXIT.ok;
        }
        case "list": {
          const rows = await withDb(io, (db) => db.query<UserRow>(`select ${USER_COLUMNS} from users order by active desc, email`));
          if (values.json) println(io.stdout, JSON.stringify(rows));
          else for (const r of rows) println(io.stdout, show(r));
          if (!values.json && rows.length === 0)
            println(io.stdout, "No accounts yet: ilms user create --admin --email you@example.org --password-stdin");
          return EXIT.ok;
        }
        case "set-password":
        case "deactivate": {
          const email = normaliseEmail(needEmail());
          const pw = action === "set-password" ? await password(io, values["password-stdin"]) : null;
          if (pw) {
            const problem = passwordProblem(pw.password);
            if (problem) throw new GovernanceError(GovernanceCode.BadUserInput, problem, { field: "password" });
          }
          const hash = pw ? await hashPassword(pw.password) : null;
          const done = await withDb(io, (db) =>
            db.transaction(async (tx) => {
              const [row] = await tx.query<{ id: string }>("select id from users where email = $1 for update", [email]);
              if (!row) return null;
              const before = await findUser(tx, row.id);
              if (hash) await tx.query("update users set password_hash = $2, updated_at = now() where id = $1", [row.id, hash]);
              else await tx.query("update users set active = false, updated_at = now() where id = $1", [row.id]);
              await revokeUserSessions(tx, row.id);
              const after = await findUser(tx, row.id);
              await recordAudit(tx, null, {
                action: hash ? "setPassword" : "deleteUser",
                entity: "user",
                entityId: row.id,
                before,
                after: hash ? { ...after, passwordChanged: true } : after,
              });
              return after!;
            }),
          );
          if (!done) {
            println(io.stderr, `ilms user: no account with email ${email}`);
            return EXIT.rejected;
          }
          println(
            io.stdout,
            hash ? `Password changed for ${done.email}; its sessions are ended.` : `Deactivated ${show(done)}; its sessions are ended.`,
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
