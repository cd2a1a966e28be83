import { DEFAULT_CHECK_THRESHOLDS } from "@ilms/domain";
import { ImportRequestError, recheckRound } from "@ilms/ingest";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";

/** How many findings the readable report lists (all are counted, and all are in --json). */
const LISTED = 50;

function threshold(name: string, text: string | undefined, valid: (n: number) => boolean, range: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || !valid(n)) throw new UsageError(`--${name} takes a number (${range}), got '${text}'`);
  return n;
}

export const checkCommand: Command = {
  name: "check",
  summary: "Re-run every statistical check over a round's values, with a report",
  usage: `ilms check --round CODE [--partial-coverage-below SHARE] [--jump-factor F] [--jump-min-value N]
                  [--jump-min-share SHARE] [--dry-run] [--json]

Re-runs all checks (additivity, coherence and partial coverage across tables, subset rules, counterparts
equal to the reporting country, breaks in series) over every value of the round, comparing it with the
latest published value of every other cell it needs, whatever round holds it. Findings are stored against
the round (one per check and cells; known ones are marked seen again) unless --dry-run. Values are never
changed.
  --partial-coverage-below  a total below this share of another table's is partial coverage (default ${DEFAULT_CHECK_THRESHOLDS.partialCoverageBelow})
  --jump-factor             a value more than F times (or 1/F of) the year before is a break (default ${DEFAULT_CHECK_THRESHOLDS.jumpFactor})
  --jump-min-value          ...when both values are at least N thousand persons (default ${DEFAULT_CHECK_THRESHOLDS.jumpMinValue})
  --jump-min-share          ...and the change is at least this share of the country's total (default ${DEFAULT_CHECK_THRESHOLDS.jumpMinShare})

Exit codes: 0 done (findings or not); 2 usage error or unknown round.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      round: { type: "string" },
      "partial-coverage-below": { type: "string" },
      "jump-factor": { type: "string" },
      "jump-min-value": { type: "string" },
      "jump-min-share": { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.round) throw new UsageError("give the round to check: --round CODE");
    const share = (n: number) => n >= 0 && n <= 1;
    const given = {
      partialCoverageBelow: threshold("partial-coverage-below", values["partial-coverage-below"], share, "between 0 and 1"),
      jumpFactor: threshold("jump-factor", values["jump-factor"], (n) => n > 1, "above 1"),
      jumpMinValue: threshold("jump-min-value", values["jump-min-value"], (n) => n >= 0, "0 or more"),
      jumpMinShare: threshold("jump-min-share", values["jump-min-share"], (n) => n >= 0 && n < 1, "from 0 to below 1"),
    };
    const thresholds = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    try {
      const report = await withDb(io, (db) => recheckRound(db, values.round!, { thresholds, dryRun: values["dry-run"] }));
      if (values.json) {
        println(io.stdout, JSON.stringify(report, null, 2));
        return EXIT.ok;
      }
      const kinds = Object.entries(report.byKind)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ");
      println(
        io.stdout,
        `Checked round ${report.round} (tables ${report.tables.join(", ") || "none"}): ${report.findingCount} findings` +
          (report.findingCount > 0 ? ` (${kinds}; ${report.bySeverity.warning ?? 0} warnings)` : "") +
          `; ${report.stored ? `stored, ${report.findingsKnown} already known` : "nothing stored"}; ${report.durationMs} ms.`,
      );
      println(
        io.stdout,
        `Thresholds: partial coverage below ${report.thresholds.partialCoverageBelow}, jump factor ${report.thresholds.jumpFactor} ` +
          `(both values at least ${report.thresholds.jumpMinValue} thousand, the change at least ${report.thresholds.jumpMinShare} of the country's total).`,
      );
      for (const f of report.findings.slice(0, LISTED)) println(io.stdout, `  [${f.severity} ${f.check}] ${f.message}`);
      if (report.findingCount > LISTED) println(io.stdout, `  ... and ${report.findingCount - LISTED} more (--json lists all)`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof ImportRequestError) {
        println(io.stderr, `ilms check: ${error.message} [${error.code}]`);
        return EXIT.usage;
      }
      throw error;
    }
  },
};
