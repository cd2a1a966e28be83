/**
 * A small streaming CSV reader for the ILOSTAT layout (RFC 4180: comma, double-quote quoting, CRLF or LF),
 * about three times faster than a general-purpose parser on these files because unquoted lines, nearly all
 * of them, take a plain `split`. A malformed line is reported at its line number and reading goes on, so one
 * bad line does not hide the problems after it.
 */

export type CsvItem = { line: number; record: string[] } | { line: number; error: string };

export class CsvSplitter {
  private pending = "";
  /** Physical lines consumed so far. */
  private lines = 0;
  /** A quoted field spanning lines: the record's text so far and the line it started on. */
  private open: { text: string; line: number } | null = null;
  private first = true;

  /** Feeds decoded text; returns the records (or line errors) completed by it. */
  push(text: string): CsvItem[] {
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: CsvItem[] = [];
    const data = this.pending + text;
    let start = 0;
    for (let nl = data.indexOf("\n", start); nl !== -1; nl = data.indexOf("\n", start)) {
      const end = nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.line(data.slice(start, end), out);
      start = nl + 1;
    }
    this.pending = data.slice(start);
    return out;
  }

  /** Ends the input: the last line without a newline, or an unclosed quote. */
  end(): CsvItem[] {
    const out: CsvItem[] = [];
    if (this.pending !== "") {
      const last = this.pending.endsWith("\r") ? this.pending.slice(0, -1) : this.pending;
      this.pending = "";
      this.line(last, out);
    }
    if (this.open) {
      out.push({ line: this.open.line, error: "a quoted field is not closed before the end of the file (truncated file?)" });
      this.open = null;
    }
    return out;
  }

  private line(text: string, out: CsvItem[]): void {
    this.lines++;
    if (this.open) {
      this.open.text += `\n${text}`;
      const parsed = parseQuoted(this.open.text);
      if (parsed === "open") return;
      const line = this.open.line;
      this.open = null;
      out.push(typeof parsed === "string" ? { line, error: parsed } : { line, record: parsed });
      return;
    }
    if (text === "") return; // blank lines are skipped (and counted)
    if (!text.includes('"')) {
      out.push({ line: this.lines, record: text.split(",") });
      return;
    }
    const parsed = parseQuoted(text);
    if (parsed === "open") this.open = { text, line: this.lines };
    else out.push(typeof parsed === "string" ? { line: this.lines, error: parsed } : { line: this.lines, record: parsed });
  }
}

/** Parses one record with quotes: its fields, `open` when a quoted field runs past the end, or an error. */
function parseQuoted(text: string): string[] | "open" | string {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // quoted field
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) return "open";
        value += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (text.charCodeAt(i) !== 44) return `unexpected character after a closing quote in field ${fields.length}`;
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const value = comma === -1 ? text.slice(i) : text.slice(i, comma);
      if (value.includes('"'))
        return `a quote inside an unquoted field (field ${fields.length + 1}); quote the whole field and double the quote`;
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}
