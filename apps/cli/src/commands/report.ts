import { writeFile } from "node:fs/promises";
import { QueryError } from "@ilms/query";
import { REPORT_FORMATS, generateReport, isReportFormat } from "@ilms/report";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";

export const reportCommand: Command = {
  name: "report",
  summary: "Write the analytical report of a round as HTML, PDF or XLSX",
  usage: `ilms report --round CODE [--region ASEAN] [--lang en|fr] [--format html|pdf|xlsx] -o FILE [--include-unpublished]

Writes the round's analytical report, every figure computed from the data as the public sees it: key figures,
trends by sex, top corridors, mirror statistics, composition of migrant employment, data quality and gaps
with recommendations, and a methods annex giving, for each chart and table, the query that reproduces it.
  html  one self-contained page (inline styles and SVG charts, no outside asset)
  pdf   vector charts, fonts embedded (no browser needed)
  xlsx  the tables and chart data with the same numbers, and the queries
--region takes a country group (default the group of the active region, ILMS_REGION, whose name and logo the
title page shows) or one country. --lang takes en or fr; labels that the code lists lack in that language are
shown in English and marked †. A draft (unpublished) round's report needs
--include-unpublished, and says it is a draft. Progress goes to standard error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      round: { type: "string" },
      region: { type: "string" },
      lang: { type: "string", default: "en" },
      format: { type: "string", default: "html" },
      output: { type: "string", short: "o" },
      "include-unpublished": { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.round) throw new UsageError("give the round: --round CODE");
    if (!values.output) throw new UsageError("give the output file: -o FILE");
    const format = values.format!;
    if (!isReportFormat(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}`);
    const drafts = values["include-unpublished"] === true;
    try {
      const report = await withDb(io, (db) =>
        generateReport(
          db,
          {
            round: values.round!,
            region: values.region ?? null,
            activeRegion: io.env.ILMS_REGION ?? "asean",
            lang: values.lang,
            drafts,
            onProgress: ({ done, total, section }) => println(io.stderr, `[${done}/${total}] ${section}`),
          },
          format,
        ),
      );
      await writeFile(values.output, report.bytes);
      println(
        io.stderr,
        `Wrote the ${report.model.draft ? "DRAFT " : ""}report of round ${report.model.round} (${report.model.region}, ${report.model.lang}) to ${values.output}: ${report.bytes.length.toLocaleString("en")} bytes.`,
      );
      return EXIT.ok;
    } catch (error) {
      if (error instanceof QueryError) {
        const hint = error.code === "NOT_FOUND" && !drafts ? " (a draft round needs --include-unpublished)" : "";
        println(io.stderr, `ilms report: ${error.message}${hint}`);
        return EXIT.rejected;
      }
      throw error;
    }
  },
};
