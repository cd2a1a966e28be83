import { createWriteStream } from "node:fs";
import { PassThrough } from "node:stream";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import { EXPORT_FORMATS, prepareExport } from "@ilms/formats";
import type { ExportFormat } from "@ilms/formats";
import { SDMX_EXPORT_FORMATS, prepareSdmxExport } from "@ilms/formats/sdmx";
import type { SdmxExportFormat } from "@ilms/formats/sdmx";
import { QueryError, findRegion } from "@ilms/query";
import { SdmxError } from "@ilms/sdmx";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";

export const exportCommand: Command = {
  name: "export",
  summary: "Export observations as ILOSTAT CSV, labelled CSV, XLSX, SDMX or JSON-stat",
  usage: `ilms export (--table N | --indicator ID | --all) [--format ilostat-csv|csv|xlsx|sdmx-csv|sdmx-json|sdmx-ml|jsonstat]
            [--as-of-round CODE] [--include-unpublished] [--lang LANG] [-o FILE]

Writes the latest value of every cell as the public sees it: published rounds whose release time has
passed. --include-unpublished adds draft, submitted, validated and embargoed rounds (and says so).
--as-of-round gives the values as they stood at that round.
  ilostat-csv  ILOSTAT bulk CSV, lossless: an imported file comes back with the same codes and value text
  csv          labelled CSV (codes and labels, unit, round)
--lang fr gives the labels of csv and xlsx in French; codes without a French label are in English, and the
count of those per code list is printed on standard error.
  xlsx         one sheet per table and a notes sheet (sources, notes)
SDMX and JSON-stat, through the writers of the SDMX REST face (/sdmx/rest/data): --table N gives the
table's flow (DF_ILMS_T15), --indicator ID the indicator's (DF_MNA_OEMP_SEX_CDS_NB, ILOSTAT's key):
  sdmx-csv     SDMX-CSV 1.0 (sdmx-csv-labels: with labels; sdmx-csv2: SDMX-CSV 2.0); 'ilms import' reads it back
  sdmx-json    SDMX-JSON 2.0.0 data (sdmx-json1: 1.0.0)
  sdmx-ml      SDMX-ML 2.1 GenericData (sdmx-ml-specific: StructureSpecificData)
  jsonstat     JSON-stat 2.0: one dataset, or with --all a collection of the 17 tables
Text cells starting with = + - @ are prefixed with ' so spreadsheets do not evaluate them.
Without -o the export goes to standard output (xlsx only when it is not a terminal).`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      table: { type: "string" },
      indicator: { type: "string" },
      all: { type: "boolean" },
      format: { type: "string", default: "ilostat-csv" },
      "as-of-round": { type: "string" },
      "include-unpublished": { type: "boolean" },
      output: { type: "string", short: "o" },
      lang: { type: "string" },
    });
    if (values.lang !== undefined && !/^[a-z]{2,3}$/.test(values.lang))
      throw new UsageError(`--lang takes a language code such as fr, got '${values.lang}'`);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.table === undefined && values.indicator === undefined && !values.all)
      throw new UsageError("choose what to export: --table N, --indicator ID or --all");
    const table = values.table === undefined ? undefined : Number(values.table);
    if (table !== undefined && !Number.isInteger(table)) throw new UsageError(`--table takes a table number, got '${values.table}'`);
    const format = values.format as ExportFormat | SdmxExportFormat;
    const sdmx = Object.hasOwn(SDMX_EXPORT_FORMATS, format);
    if (!sdmx && !EXPORT_FORMATS.includes(format as ExportFormat))
      throw new UsageError(`--format must be one of ${[...EXPORT_FORMATS, ...Object.keys(SDMX_EXPORT_FORMATS)].join(", ")}`);
    if (format === "xlsx" && !values.output && io.stdout.isTTY) throw new UsageError("xlsx is binary: give -o FILE or redirect the output");
    const unpublished = values["include-unpublished"] === true;
    try {
      const result = await withDb(io, async (db) => {
        // Everything that can be wrong (selection, codes, round) is checked before the output is opened.
        const selection = { table, indicator: values.indicator, asOfRound: values["as-of-round"], includeUnpublished: unpublished };
        if (sdmx && values.lang !== undefined)
          throw new UsageError("--lang applies to csv and xlsx; SDMX labels follow Accept-Language on /sdmx/rest");
        let job: { write(out: Writable): Promise<{ rows: number; tables: number[] }> };
        if (sdmx) {
          // The table flows under the active region's SDMX agency, as the API names them.
          const agency = (await findRegion(db, io.env.ILMS_REGION ?? "asean"))?.definition.sdmxAgency;
          job = await sdmxJob(db, { ...selection, format: format as SdmxExportFormat, agency });
        } else {
          const prepared = await prepareExport(db, { ...selection, format: format as ExportFormat, lang: values.lang });
          for (const f of prepared.language.fallbacks)
            println(
              io.stderr,
              `${f.codelist}: ${f.untranslated} of ${f.total} codes have no ${prepared.language.lang} label and are given in English.`,
            );
          for (const f of prepared.language.texts)
            println(
              io.stderr,
              `${f.kind} ${f.field}: ${f.untranslated} of ${f.total} have no ${prepared.language.lang} label and are given in English (${f.examples.join(", ")}).`,
            );
          job = prepared;
        }
        // Standard output never emits 'finish'; a pass-through that is ended lets XLSX (and CSV) complete normally.
        const pass = values.output ? undefined : new PassThrough();
        pass?.pipe(io.stdout);
        const out: Writable = pass ?? createWriteStream(values.output!);
        const written = await job.write(out);
        if (format !== "xlsx") out.end();
        if (!out.writableFinished) await finished(out);
        return written;
      });
      // The scope goes to standard error, so that it never mixes with an export on standard output.
      if (unpublished) println(io.stderr, "Included unpublished rounds (draft, submitted, validated and embargoed): not for release.");
      if (values.output) {
        println(
          io.stderr,
          `Exported ${result.rows} rows of table${result.tables.length === 1 ? "" : "s"} ${result.tables.join(", ") || "(none)"} to ${values.output}.`,
        );
      }
      return EXIT.ok;
    } catch (error) {
      if (error instanceof QueryError) throw new UsageError(error.message);
      if (error instanceof SdmxError) throw new UsageError(error.message);
      throw error;
    }
  },
};

/** An SDMX or JSON-stat export in the shape of the other exports (rows written, tables touched). */
async function sdmxJob(db: Parameters<typeof prepareSdmxExport>[0], options: Parameters<typeof prepareSdmxExport>[1]) {
  const header = { id: `IREF${randomBytes(6).toString("hex")}`, prepared: new Date().toISOString() };
  const job = await prepareSdmxExport(db, options, header);
  return {
    write: async (out: Writable) => ({ rows: await job.write(out), tables: [...new Set(job.flows.map((f) => f.table.id))] }),
  };
}
