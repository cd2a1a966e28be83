/**
 * The XLSX annex: one sheet per table of the report and one per chart's data, with the same numbers (values
 * as numbers, shares as fractions formatted as percentages), text made safe by the export's `sheetText`, and a
 * sheet of the queries that reproduce each. Written with ExcelJS as the observation export is.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { sheetText } from "@ilms/formats/neutralise";
import type { ReportModel } from "./model";
import { isChart, isTable } from "./model";

export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on("end", resolve);
    out.on("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const about = workbook.addWorksheet("Report");
  about.addRow([sheetText(model.title)]).commit();
  about.addRow([sheetText(model.subtitle)]).commit();
  for (const n of model.notices) about.addRow([sheetText(n)]).commit();
  about.addRow(["Round", sheetText(model.round)]).commit();
  about.addRow(["Region", sheetText(model.region)]).commit();
  about.addRow(["Language", model.lang]).commit();
  about.addRow(["Generated at", model.generatedAt]).commit();
  about.commit();
  const used = new Set<string>(["Report"]);
  const name = (id: string) => {
    let base = id.slice(0, 28);
    for (let i = 2; used.has(base); i++) base = `${id.slice(0, 26)}-${i}`;
    used.add(base);
    return base;
  };
  const queries: [string, string, string][] = [];
  for (const section of model.sections)
    for (const block of section.blocks) {
      if (isTable(block)) {
        if (block.id === "queries") continue;
        const sheet = workbook.addWorksheet(name(block.id));
        sheet.addRow([sheetText(block.title)]).commit();
        sheet.addRow(block.columns.map((c) => sheetText(c.title))).commit();
        for (const row of block.rows) {
          const r = sheet.addRow(
            row.map((cell, i) => {
              if (cell === null) return null;
              const kind = block.columns[i]!.kind;
              if (kind === "decimal" || kind === "percent" || kind === "change" || kind === "int")
                return typeof cell === "number" ? cell : Number(cell);
              return sheetText(String(cell));
            }),
          );
          block.columns.forEach((c, i) => {
            if (c.kind === "percent" || c.kind === "change") r.getCell(i + 1).numFmt = "0.0%";
          });
          r.commit();
        }
        sheet.commit();
        queries.push([block.id, block.title, `${block.query.graphql}\n# variables: ${JSON.stringify(block.query.variables)}`]);
      } else if (isChart(block)) {
        const sheet = workbook.addWorksheet(name(block.id));
        sheet.addRow([sheetText(block.title)]).commit();
        const keys = Object.keys(block.data[0] ?? {});
        sheet.addRow(keys).commit();
        for (const d of block.data)
          sheet
            .addRow(keys.map((k) => (typeof d[k] === "string" ? sheetText(d[k] as string) : (d[k] as number | boolean | null))))
            .commit();
        sheet.commit();
        queries.push([block.id, block.title, `${block.query.graphql}\n# variables: ${JSON.stringify(block.query.variables)}`]);
      }
    }
  const q = workbook.addWorksheet("Queries");
  q.addRow(["Sheet", "Title", "GraphQL query (POST /graphql)"]).commit();
  for (const [id, title, text] of queries) q.addRow([id, sheetText(title), sheetText(text)]).commit();
  q.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
