/**
 * The fix for a file whose rows have no source, or a default source that does not exist, offered where the
 * errors are: pick an existing source or a per-country template (`DEMO:{ref_area}`), and create the sources
 * the template names that do not exist yet, then check again.
 */
import { useMemo, useState } from "react";
import { Alert, Autocomplete, Button, Stack, TextField, Typography } from "@mui/material";
import { useCreate, useTranslate } from "react-admin";
import type { ImportIssue } from "../data";

export const SOURCE_ERRORS = new Set(["MISSING_SOURCE", "UNKNOWN_SOURCE"]);

/** The reporting countries of the file's rows that name no source (the rows a default source applies to). */
export function areasWithoutSource(csv: string): string[] {
  const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim().toLowerCase());
  const area = header.indexOf("ref_area");
  const source = header.indexOf("source");
  if (area < 0) return [];
  const out = new Set<string>();
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const cells = line.split(",");
    if (source < 0 || !cells[source]?.trim()) out.add(cells[area]!.trim());
  }
  return [...out].filter(Boolean).sort();
}

interface Props {
  errors: ImportIssue[];
  errorCount: number;
  csv: string;
  options: string[];
  existing: ReadonlySet<string>;
  current: string;
  /** Sets the default source and checks the file again. */
  onApply: (source: string) => void;
}

export function SourceFix({ errors, errorCount, csv, options, existing, current, onApply }: Props) {
  const translate = useTranslate();
  const [create] = useCreate();
  const sourceErrors = errors.filter((e) => SOURCE_ERRORS.has(e.code));
  const templates = options.filter((o) => o.includes("{ref_area}"));
  const [choice, setChoice] = useState(current.includes("{ref_area}") ? current : (templates[0] ?? "DEMO:{ref_area}"));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const areas = useMemo(() => areasWithoutSource(csv), [csv]);
  const missing = choice.includes("{ref_area}")
    ? areas.map((a) => ({ area: a, code: choice.replace("{ref_area}", a) })).filter((s) => !existing.has(s.code))
    : [];
  if (sourceErrors.length === 0) return null;
  const unknown = [...new Set(sourceErrors.filter((e) => e.code === "UNKNOWN_SOURCE").map((e) => e.value))];

  async function createAndApply() {
    setBusy(true);
    setError(null);
    try {
      for (const s of missing)
        await create(
          "sources",
          { data: { code: s.code, refArea: s.area, name: `${choice.split(":")[0]} source, ${s.area}` } },
          { returnPromise: true },
        );
      onApply(choice);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="source-fix" role="region" aria-label={translate("ilms.import.sourceFix.title")}>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {unknown.length > 0
          ? translate("ilms.import.sourceFix.unknown", { codes: unknown.slice(0, 5).join(", ") })
          : translate("ilms.import.sourceFix.missing", { count: errorCount.toLocaleString("en-GB") })}
      </Typography>
      <Stack direction={{ xs: "column", md: "row" }} spacing={1.5} sx={{ alignItems: { md: "center" } }}>
        <Autocomplete
          freeSolo
          size="small"
          options={options}
          value={choice}
          onInputChange={(_e, v) => setChoice(v)}
          sx={{ minWidth: 300 }}
          renderInput={(params) => <TextField {...params} label={translate("ilms.import.sourceFix.pick")} />}
        />
        <Button variant="contained" onClick={() => onApply(choice)} disabled={busy || !choice || missing.length > 0}>
          {translate("ilms.import.sourceFix.use")}
        </Button>
        {missing.length > 0 && (
          <Button variant="contained" color="warning" onClick={createAndApply} disabled={busy}>
            {translate("ilms.import.sourceFix.create", {
              count: missing.length,
              codes:
                missing
                  .slice(0, 3)
                  .map((s) => s.code)
                  .join(", ") + (missing.length > 3 ? ", …" : ""),
            })}
          </Button>
        )}
      </Stack>
      {error && (
        <Typography color="error" variant="body2" sx={{ mt: 1 }} role="alert">
          {error}
        </Typography>
      )}
    </Alert>
  );
}

/** Identical problems (same check, column and value) as one row with its count and first lines. */
export function groupIssues(issues: ImportIssue[]): (ImportIssue & { count: number; lines: number[] })[] {
  const groups = new Map<string, ImportIssue & { count: number; lines: number[] }>();
  for (const i of issues) {
    const key = JSON.stringify([i.code, i.column, i.value]);
    const g = groups.get(key) ?? { ...i, count: 0, lines: [] };
    // The server already groups identical problems (count and first lines); this merges what it kept apart.
    g.count += i.count;
    for (const line of i.lines.length ? i.lines : [i.line]) if (g.lines.length < 5) g.lines.push(line);
    groups.set(key, g);
  }
  return [...groups.values()];
}
