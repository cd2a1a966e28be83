/**
 * Codes shown as words: the labels of code lists (loaded once per list), and text from the API that quotes
 * ILOSTAT codes (`SEX_T`, `ECO_SECTOR_TOTAL`, `CDS_DES_KOR`) shown with their labels, the code on hover.
 */
import { Fragment } from "react";
import { useQueries } from "@tanstack/react-query";
import { useIlmsProvider } from "./useIlmsProvider";

export type CodeLabels = ReadonlyMap<string, string>;

/** Labels of every code of the given lists, merged (ILOSTAT codes are unique across lists). */
export function useCodeLabels(codelistIds: readonly string[]): CodeLabels {
  const provider = useIlmsProvider();
  const lists = [...new Set(codelistIds)].sort();
  const results = useQueries({
    queries: lists.map((id) => ({
      queryKey: ["codeLabels", id],
      queryFn: () => provider.codeLabels(id),
      staleTime: 10 * 60_000,
    })),
  });
  const map = new Map<string, string>();
  for (const r of results) for (const [code, label] of Object.entries(r.data ?? {})) map.set(code, label);
  return map;
}

const TOKEN = /\b[A-Z][A-Z0-9]*_[A-Z0-9_-]*[A-Z0-9]\b/g;

/** The label of an ILOSTAT code: its own, or for a country breakdown (`CDS_DES_KOR`) the country's. */
export function labelOf(code: string, labels: CodeLabels): string | undefined {
  const own = labels.get(code);
  if (own) return own;
  const country = /^CDS_[A-Z]+_([A-Z0-9]+)$/.exec(code);
  if (country) return country[1] === "TOTAL" ? "Total" : labels.get(country[1]!);
  return undefined;
}

/** Text with each code it quotes replaced by its label (the code in a tooltip); unknown codes stay as they are. */
export function CodedText({ text, labels }: { text: string; labels: CodeLabels }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const code = match[0];
    const label = labelOf(code, labels);
    if (!label) continue;
    parts.push(text.slice(last, match.index));
    parts.push(
      <abbr key={match.index} title={code} style={{ textDecoration: "none", borderBottom: "1px dotted currentColor" }}>
        {label}
      </abbr>,
    );
    last = match.index + code.length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </>
  );
}
