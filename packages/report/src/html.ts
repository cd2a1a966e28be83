/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts, no script, no outside asset
 * (a Content-Security-Policy meta tag forbids loading any, so a slip shows as a console error in tests).
 */
import { cellText } from "./cells";
import type { ReportLanguage } from "./messages";
import type { ReportBlock, ReportModel } from "./model";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const CSS = `
body { font-family: Helvetica, Arial, sans-serif; color: #1b1b1b; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #0b4f8a; padding-bottom: .2rem; color: #0b4f8a; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; } .subtitle { font-size: 1.1rem; color: #444; margin-top: 0; } .brand { display: flex; align-items: center; gap: 0.5rem; font-weight: bold; color: #0b4f8a; margin-bottom: 0; }
.notice { color: #444; font-size: .9rem; margin: .2rem 0; } .draft { color: #a40000; font-weight: bold; }
table { border-collapse: collapse; font-size: .82rem; margin: .6rem 0 1.2rem; }
th, td { border: 1px solid #ccd; padding: .2rem .45rem; vertical-align: top; } th { background: #eef2f7; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { font-weight: bold; margin-bottom: .3rem; }
pre { white-space: pre-wrap; font-size: .72rem; margin: 0; } nav ol { columns: 2; }
`;

function block(b: ReportBlock, lang: ReportLanguage): string {
  switch (b.kind) {
    case "paragraph":
      if (b.text === "") return "";
      return b.text.startsWith("## ") ? `<h3>${escape(b.text.slice(3))}</h3>` : `<p>${escape(b.text)}</p>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${escape(i)}</li>`).join("")}</ul>`;
    case "chart":
      return `<figure id="${b.id}"><figcaption>${escape(b.title)}</figcaption>${b.svg ?? ""}</figure>`;
    case "table": {
      const head = b.columns.map((c) => `<th>${escape(c.title)}</th>`).join("");
      const rows = b.rows
        .map(
          (row) =>
            `<tr>${row
              .map((cell, i) => {
                const column = b.columns[i]!;
                const text = escape(cellText(cell, column, lang));
                if (b.id === "queries" && i === 1) return `<td><pre>${text}</pre></td>`;
                return column.kind === "text" ? `<td>${text}</td>` : `<td class="num">${text}</td>`;
              })
              .join("")}</tr>`,
        )
        .join("\n");
      return `<table id="${b.id}"><caption style="text-align:left;font-weight:bold">${escape(b.title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
  }
}

export function renderHtml(model: ReportModel): string {
  const lang = model.lang as ReportLanguage;
  const nav = model.sections.map((s) => `<li><a href="#${s.id}">${escape(s.title)}</a></li>`).join("");
  const sections = model.sections
    .map((s) => `<section id="${s.id}"><h2>${escape(s.title)}</h2>\n${s.blocks.map((b) => block(b, lang)).join("\n")}</section>`)
    .join("\n");
  const logo = model.logo ? `<img src="data:${model.logo.mediaType};base64,${model.logo.data}" alt="" height="40"> ` : "";
  const notices = model.notices.map((n, i) => `<p class="notice${model.draft && i === 0 ? " draft" : ""}">${escape(n)}</p>`).join("");
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><p class="brand">${logo}${escape(model.brand)}</p><h1>${escape(model.title)}</h1><p class="subtitle">${escape(model.subtitle)}</p>${notices}</header>
<nav><h2>${lang === "fr" ? "Sommaire" : "Contents"}</h2><ol>${nav}</ol></nav>
${sections}
</body>
</html>
`;
}
