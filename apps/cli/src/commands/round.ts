/**
 * `ilms round`: collection rounds and their publication workflow from the machine the warehouse runs on. The
 * CLI acts as the local administrator (no login) and obeys the same workflow as the API
 * (`@ilms/governance/rounds`); every change is in the audit trail as `system`.
 */
import { createRound, findRound, listRounds, stepRound } from "@ilms/governance/rounds";
import type { RoundRecord } from "@ilms/governance/rounds";
import type { Step } from "@ilms/governance/workflow";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";
import { refusing } from "../refusal";

const USAGE = `ilms round create --code CODE --title TITLE --year YEAR [--kind regular|revision] [--revises CODE]
                  [--opens YYYY-MM-DD] [--closes YYYY-MM-DD]
ilms round list [--json]
ilms round show CODE [--json]
ilms round submit CODE                      draft -> submitted (closed for imports)
ilms round validate CODE                    submitted -> validated
ilms round publish CODE [--release-at ISO]  validated -> published; public at --release-at (embargo), now when left out
ilms round reopen CODE [--reason TEXT]      submitted or validated -> draft

Workflow: draft -> submitted -> validated -> published. Only a draft round takes imports; a published round
is final (corrections go into a revision round: --kind revision --revises CODE). A step the workflow does not
allow is refused with the reason (exit code 1). Runs as the local administrator, audited as 'system'.
A running API hears of every step taken here at once: its next anonymous answers show it.`;

const STEP_ACTIONS: Record<string, Step> = { submit: "submit", validate: "validate", publish: "publish", reopen: "reopen" };

const show = (r: RoundRecord) =>
  [
    `${r.code.padEnd(12)} ${r.status.padEnd(10)} ${r.referenceYear}`,
    r.kind === "revision" ? `revision of ${r.revisesRound}` : null,
    r.title,
    r.status === "published" && r.releaseAt ? `(${r.isPublic ? "public since" : "embargoed until"} ${r.releaseAt.toISOString()})` : null,
  ]
    .filter((part) => part !== null)
    .join("  ");

function detail(r: RoundRecord): string {
  const lines: [string, string | null][] = [
    ["Round", r.code],
    ["Title", r.title],
    ["Reference year", String(r.referenceYear)],
    ["Kind", r.kind === "revision" ? `revision of ${r.revisesRound}` : "regular"],
    ["Status", r.status],
    ["Collection", r.opensOn || r.closesOn ? `${r.opensOn ?? "?"} to ${r.closesOn ?? "?"}` : null],
    ["Published", r.publishedAt?.toISOString() ?? null],
    ["Release", r.releaseAt ? `${r.releaseAt.toISOString()} (${r.isPublic ? "public" : "embargoed"})` : null],
    ["Created", r.createdAt.toISOString()],
  ];
  return lines
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k.padEnd(15)} ${v}`)
    .join("\n");
}

function year(text: string | undefined): number {
  if (text === undefined) throw new UsageError("--year is required");
  if (!/^\d{4}$/.test(text)) throw new UsageError(`--year: '${text}' is not a year`);
  return Number(text);
}

export const roundCommand: Command = {
  name: "round",
  summary: "Create collection rounds and move them through the workflow (submit, validate, publish, reopen)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      code: { type: "string" },
      title: { type: "string" },
      year: { type: "string" },
      kind: { type: "string" },
      revises: { type: "string" },
      opens: { type: "string" },
      closes: { type: "string" },
      "release-at": { type: "string" },
      reason: { type: "string" },
      json: { type: "boolean" },
    });
    const [action, code, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const needCode = () => {
      if (!code) throw new UsageError(`give the round's code: ilms round ${action} CODE`);
      return code;
    };
    return refusing(io, "round", async () => {
      switch (action) {
        case "create": {
          if (code !== undefined) throw new UsageError(`unexpected argument '${code}' (give the code with --code)`);
          if (!values.code) throw new UsageError("--code is required");
          if (!values.title) throw new UsageError("--title is required");
          if (values.kind !== undefined && values.kind !== "regular" && values.kind !== "revision")
            throw new UsageError(`--kind: '${values.kind}' is not regular or revision`);
          const input = {
            code: values.code,
            title: values.title,
            referenceYear: year(values.year),
            kind: values.kind ?? (values.revises ? "revision" : "regular"),
            revisesRound: values.revises ?? null,
            opensOn: values.opens ?? null,
            closesOn: values.closes ?? null,
          } as const;
          const round = await withDb(io, (db) => createRound(db, null, input));
          println(io.stdout, values.json ? JSON.stringify(round) : `Created round ${round.code} (draft): ${round.title}`);
          return EXIT.ok;
        }
        case "list": {
          if (code !== undefined) throw new UsageError(`unexpected argument '${code}'`);
          const rounds = await withDb(io, (db) => listRounds(db, { drafts: true }));
          if (values.json) println(io.stdout, JSON.stringify(rounds));
          else if (rounds.length === 0) println(io.stdout, "No rounds yet: ilms round create --code 2025 --title 'ILMQ 2025' --year 2025");
          else for (const r of rounds) println(io.stdout, show(r));
          return EXIT.ok;
        }
        case "show": {
          const round = await withDb(io, (db) => findRound(db, needCode(), { drafts: true }));
          if (!round) {
            println(io.stderr, `ilms round: no round with code ${JSON.stringify(code)}`);
            return EXIT.rejected;
          }
          println(io.stdout, values.json ? JSON.stringify(round) : detail(round));
          return EXIT.ok;
        }
        case "submit":
        case "validate":
        case "publish":
        case "reopen": {
          const step = STEP_ACTIONS[action]!;
          if (values["release-at"] !== undefined && step !== "publish") throw new UsageError("--release-at goes with publish");
          if (values.reason !== undefined && step !== "reopen") throw new UsageError("--reason goes with reopen");
          let releaseAt: Date | null = null;
          if (values["release-at"] !== undefined) {
            releaseAt = new Date(values["release-at"]);
            if (Number.isNaN(releaseAt.getTime())) throw new UsageError(`--release-at: '${values["release-at"]}' is not a date and time`);
          }
          const round = await withDb(io, (db) => stepRound(db, null, step, needCode(), { releaseAt, reason: values.reason ?? null }));
          const done = { submit: "Submitted", validate: "Validated", publish: "Published", reopen: "Reopened" }[step];
          const when =
            step === "publish" && round.releaseAt
              ? round.isPublic
                ? "; its data are public now"
                : `; its data become public at ${round.releaseAt.toISOString()}`
              : "";
          println(io.stdout, values.json ? JSON.stringify(round) : `${done} round ${round.code}: now ${round.status}${when}`);
          return EXIT.ok;
        }
        default:
          throw new UsageError(
            action ? `unknown action '${action}'` : "give an action: create, list, show, submit, validate, publish or reopen",
          );
      }
    });
  },
};
