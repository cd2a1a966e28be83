/**
 * The report as PDF, without a browser: PDFKit lays out the text and tables, svg-to-pdfkit draws the same SVG
 * charts as vectors. The font is DejaVu Sans Condensed, shipped in `packages/report/fonts` (its licence is
 * beside it) and embedded, so accented French, †, Σ and arrows print on any machine.
 */
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { cellText } from "./cells";
import type { ReportLanguage } from "./messages";
import type { ReportBlock, ReportModel, ReportTable } from "./model";

const FONT = fileURLToPath(new URL("../fonts/DejaVuSansCondensed.ttf", import.meta.url));
const BOLD = fileURLToPath(new URL("../fonts/DejaVuSansCondensed-Bold.ttf", import.meta.url));
const MARGIN = 40;

type Doc = PDFKit.PDFDocument;

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function table(doc: Doc, t: ReportTable, lang: ReportLanguage) {
  const width = doc.page.width - 2 * MARGIN;
  const size = t.id === "queries" ? 5.5 : 7;
  doc.font(BOLD).fontSize(8.5);
  ensureSpace(doc, 40);
  doc.text(t.title, MARGIN, doc.y, { width });
  doc.moveDown(0.2);
  const texts = t.rows.map((row) => row.map((cell, i) => cellText(cell, t.columns[i]!, lang)));
  // Numbers and years get the width of their longest text (they never wrap); text columns share the rest in
  // proportion to their longest line.
  doc.font(FONT).fontSize(size);
  const longest = t.columns.map(
    (c, i) =>
      Math.max(
        c.kind === "text" ? 0 : doc.font(BOLD).widthOfString(c.title.split(" ").sort((a, b) => b.length - a.length)[0] ?? "") + 2,
        ...texts.map((r) => Math.max(...r[i]!.split("\n").map((l) => doc.font(FONT).widthOfString(l.slice(0, 90))))),
      ) + 6,
  );
  const fixed = t.columns.reduce((sum, c, i) => sum + (c.kind === "text" ? 0 : longest[i]!), 0);
  const flexible = t.columns.reduce(
    (sum, c, i) => sum + (c.kind === "text" ? Math.max(longest[i]!, doc.widthOfString(c.title) + 6) : 0),
    0,
  );
  const share = Math.max(width - fixed, width * 0.2);
  const cols = t.columns.map((c, i) =>
    c.kind === "text" ? (Math.max(longest[i]!, doc.widthOfString(c.title) + 6) / flexible) * share : longest[i]!,
  );
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? BOLD : FONT).fontSize(size);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]! - 4 }))) + 3;
    ensureSpace(doc, height);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      const numeric = !bold && t.columns[i]!.kind !== "text";
      doc.text(c, x + 2, y + 1.5, { width: cols[i]! - 4, align: numeric ? "right" : "left", lineBreak: true });
      x += cols[i]!;
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + width, y + height)
      .lineWidth(0.3)
      .strokeColor("#bbbbbb")
      .stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  row(
    t.columns.map((c) => c.title),
    true,
  );
  for (const r of texts) row(r, false);
  doc.moveDown(0.8);
}

function chart(doc: Doc, title: string, svg: string) {
  const width = doc.page.width - 2 * MARGIN;
  const w = Number(/width="([\d.]+)"/.exec(svg)?.[1] ?? width);
  const h = Number(/height="([\d.]+)"/.exec(svg)?.[1] ?? 200);
  const scale = Math.min(1, width / w, (doc.page.height - 2 * MARGIN - 30) / h);
  ensureSpace(doc, h * scale + 20);
  doc.font(BOLD).fontSize(8.5).text(title, MARGIN, doc.y, { width });
  const y = doc.y + 4;
  // The root's own width and height would win over the viewport: without them, the viewBox scales into it.
  const scalable = svg.replace(/^<svg([^>]*?) width="[\d.]+" height="[\d.]+"/, "<svg$1");
  SVGtoPDF(doc, scalable, MARGIN, y, {
    width: w * scale,
    height: h * scale,
    assumePt: true,
    fontCallback: (_family: string, bold: boolean) => (bold ? BOLD : FONT),
  });
  doc.x = MARGIN;
  doc.y = y + h * scale + 12;
}

function block(doc: Doc, b: ReportBlock, lang: ReportLanguage) {
  const width = doc.page.width - 2 * MARGIN;
  switch (b.kind) {
    case "paragraph":
      if (b.text === "") return;
      if (b.text.startsWith("## ")) {
        ensureSpace(doc, 40);
        doc.moveDown(0.4).font(BOLD).fontSize(11).fillColor("#000").text(b.text.slice(3), MARGIN, doc.y, { width });
      } else doc.font(FONT).fontSize(9).fillColor("#000").text(b.text, MARGIN, doc.y, { width });
      doc.moveDown(0.4);
      return;
    case "list":
      doc
        .font(FONT)
        .fontSize(8.5)
        .list(b.items, MARGIN + 8, doc.y, { width: width - 8, bulletRadius: 1.5 });
      doc.x = MARGIN;
      doc.moveDown(0.5);
      return;
    case "chart":
      if (b.svg) chart(doc, b.title, b.svg);
      return;
    case "table":
      return table(doc, b, lang);
  }
}

/** Writes the PDF and resolves with its bytes. */
export function renderPdf(model: ReportModel): Promise<Buffer> {
  const lang = model.lang as ReportLanguage;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: model.title, Subject: model.subtitle, Author: model.brand, Creator: "ILMS Warehouse" },
    lang,
    displayTitle: true,
    bufferPages: false,
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  // The title page: the region's logo (PNG or JPEG; PDF has no SVG) and name, then the title.
  if (model.logo && model.logo.mediaType !== "image/svg+xml") {
    try {
      doc.image(Buffer.from(model.logo.data, "base64"), { height: 36 });
      doc.moveDown(0.3);
    } catch {
      // A logo pdfkit cannot read (a damaged file) leaves the name alone on the title page.
    }
  }
  doc.font(BOLD).fontSize(11).fillColor("#0b4f8a").text(model.brand, { width });
  doc.fillColor("#000").moveDown(0.2);
  doc.font(BOLD).fontSize(18).text(model.title, { width });
  doc.font(FONT).fontSize(12).fillColor("#444").text(model.subtitle, { width });
  doc.moveDown(0.5);
  model.notices.forEach((n, i) =>
    doc
      .fontSize(8.5)
      .fillColor(model.draft && i === 0 ? "#a40000" : "#444")
      .text(n, { width }),
  );
  doc.fillColor("#000");
  for (const section of model.sections) {
    ensureSpace(doc, 80);
    doc.moveDown(0.8).font(BOLD).fontSize(13).fillColor("#0b4f8a").text(section.title, MARGIN, doc.y, { width });
    doc.fillColor("#000").moveDown(0.3);
    for (const b of section.blocks) block(doc, b, lang);
  }
  doc.end();
  return done;
}
