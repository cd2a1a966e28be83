/**
 * The import wizard: file → round and source → dry-run report → confirm → progress → summary. Nothing is
 * written before the user confirms; the load itself is one transaction on the server.
 */
import { useEffect, useMemo, useState } from "react";
import type { ChangeEvent } from "react";
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  FormControl,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import UploadFileIcon from "@mui/icons-material/UploadFile";
import { Link, Title, useGetList, useTranslate } from "react-admin";
import { InlineCode } from "../common/InlineCode";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";
import { CodedText, useCodeLabels } from "../common/codeLabels";
import type { ImportFinding, ImportIssue, ImportReport } from "../data";
import { SOURCE_ERRORS, SourceFix, groupIssues } from "./SourceFix";

type Stage = "file" | "target" | "check" | "loading" | "summary";
const STAGES: Stage[] = ["file", "target", "check", "loading", "summary"];

function FindingTable({ findings, label }: { findings: ImportFinding[]; label: string }) {
  const translate = useTranslate();
  const labels = useCodeLabels(["SEX", "AREA", "ECO", "OCU", "EDU", "AGE", "STE", "LMS", "MST", "BASIS"]);
  return (
    <TableContainer sx={{ maxHeight: 420, border: "1px solid #e5e7eb", borderRadius: 1 }}>
      <Table size="small" stickyHeader aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>{translate("ilms.import.col.check")}</TableCell>
            <TableCell>{translate("ilms.import.col.table")}</TableCell>
            <TableCell>{translate("ilms.import.col.country")}</TableCell>
            <TableCell>{translate("ilms.import.col.year")}</TableCell>
            <TableCell>{translate("ilms.import.col.source")}</TableCell>
            <TableCell align="right">{translate("ilms.import.col.published")}</TableCell>
            <TableCell align="right">{translate("ilms.import.col.expected")}</TableCell>
            <TableCell>{translate("ilms.import.col.finding")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {findings.slice(0, 200).map((f, n) => (
            <TableRow key={n}>
              <TableCell>
                <Chip size="small" label={f.check} color={f.severity === "warning" ? "warning" : "default"} />
              </TableCell>
              <TableCell>T{f.table}</TableCell>
              <TableCell>{f.refArea}</TableCell>
              <TableCell>{f.time}</TableCell>
              <TableCell>{f.sourceCode}</TableCell>
              <TableCell align="right">{f.actual ?? "—"}</TableCell>
              <TableCell align="right">{f.expected ?? "—"}</TableCell>
              <TableCell>
                <CodedText text={f.message} labels={labels} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function IssueTable({ issues, label, max = 300 }: { issues: ImportIssue[]; label: string; max?: number }) {
  const translate = useTranslate();
  return (
    <TableContainer sx={{ maxHeight: 420, border: "1px solid #e5e7eb", borderRadius: 1 }}>
      <Table size="small" stickyHeader aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 150 }}>{translate("ilms.import.col.line")}</TableCell>
            <TableCell sx={{ width: 120 }}>{translate("ilms.import.col.column")}</TableCell>
            <TableCell sx={{ width: 140 }}>{translate("ilms.import.col.value")}</TableCell>
            <TableCell sx={{ width: 170 }}>{translate("ilms.import.col.check")}</TableCell>
            <TableCell>{translate("ilms.import.col.reason")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {groupIssues(issues)
            .slice(0, max)
            .map((i, n) => (
              <TableRow key={n}>
                <TableCell>
                  {i.count > 1 ? (
                    <>
                      <Chip
                        size="small"
                        label={translate("ilms.import.times", { count: i.count.toLocaleString("en-GB") })}
                        sx={{ mr: 0.5 }}
                      />
                      {translate("ilms.import.firstLines", { lines: i.lines.join(", ") })}
                    </>
                  ) : (
                    (i.line ?? "—")
                  )}
                </TableCell>
                <TableCell>
                  <code>{i.column ?? "—"}</code>
                </TableCell>
                <TableCell>
                  <code data-code={i.value ?? ""}>{i.value ?? ""}</code>
                </TableCell>
                <TableCell>{i.code}</TableCell>
                <TableCell>
                  <InlineCode text={i.message} />
                </TableCell>
              </TableRow>
            ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function ImportWizard() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const [stage, setStage] = useState<Stage>("file");
  const [file, setFile] = useState<{ name: string; size: number; text: string; lines: number } | null>(null);
  const [round, setRound] = useState("");
  const [source, setSource] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  // Seconds since the load started: the server loads in one transaction, so time is the honest progress measure.
  useEffect(() => {
    if (stage !== "loading") return;
    const started = Date.now();
    setElapsed(0);
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 500);
    return () => clearInterval(timer);
  }, [stage]);
  const { data: rounds } = useGetList("rounds", {
    pagination: { page: 1, perPage: 200 },
    sort: { field: "id", order: "DESC" },
    filter: { status: "draft" },
  });
  const { data: sources } = useGetList("sources", { pagination: { page: 1, perPage: 1000 }, sort: { field: "code", order: "ASC" } });
  // Existing codes, plus `<prefix>:{ref_area}` templates for families of per-country sources (`ILMS:IDN`, `ILMS:KHM`…).
  const sourceOptions = useMemo(() => {
    const codes = (sources ?? []).map((s) => String(s.code));
    const templates = [
      ...new Set(
        (sources ?? []).filter((s) => String(s.code).endsWith(`:${s.refArea}`)).map((s) => `${String(s.code).split(":")[0]}:{ref_area}`),
      ),
    ];
    return [...templates, ...codes];
  }, [sources]);
  const existingSources = useMemo(() => new Set((sources ?? []).map((s) => String(s.code))), [sources]);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const f = event.target.files?.[0];
    if (!f) return;
    const text = await f.text();
    setFile({ name: f.name, size: f.size, text, lines: Math.max(0, text.split(/\r?\n/).filter((l) => l.trim() !== "").length - 1) });
    setReport(null);
    setResult(null);
    setError(null);
    setStage("target");
  }

  async function check(sourceOverride?: string) {
    if (!file) return;
    const chosen = sourceOverride ?? source;
    if (sourceOverride !== undefined) setSource(sourceOverride);
    setBusy(true);
    setError(null);
    try {
      setReport(
        await provider.importObservations({
          csv: file.text,
          fileName: file.name,
          round: round || null,
          source: chosen || null,
          dryRun: true,
        }),
      );
      setStage("check");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function load() {
    if (!file) return;
    setStage("loading");
    setError(null);
    try {
      const loaded = await provider.importObservations({
        csv: file.text,
        fileName: file.name,
        round: round || null,
        source: source || null,
        dryRun: false,
      });
      if (loaded.errorCount > 0) {
        // The data changed between the check and the load (another import): show why, nothing was written.
        setReport(loaded);
        setStage("check");
        return;
      }
      setResult(loaded);
      setStage("summary");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStage("check");
    }
  }

  function restart() {
    setStage("file");
    setFile(null);
    setReport(null);
    setResult(null);
    setError(null);
  }

  const refused = report !== null && report.errorCount > 0;
  const active = STAGES.indexOf(stage);

  return (
    <Box sx={{ pb: 4, maxWidth: 1200 }}>
      <Title title={translate("ilms.import.title")} />
      <PageHeader title={translate("ilms.import.title")} intro={translate("ilms.import.fileHelp")} />
      <Stepper activeStep={active} sx={{ mb: 3 }} alternativeLabel>
        {(["file", "target", "check", "confirm", "summary"] as const).map((s) => (
          <Step key={s}>
            <StepLabel>{translate(`ilms.import.steps.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {error}
        </Alert>
      )}

      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap" }}>
            <Button
              variant={file ? "outlined" : "contained"}
              component="label"
              startIcon={<UploadFileIcon />}
              disabled={stage === "loading"}
            >
              {translate("ilms.import.chooseFile")}
              <input
                hidden
                type="file"
                accept=".csv,text/csv"
                onChange={choose}
                data-testid="import-file"
                aria-label={translate("ilms.import.chooseFile")}
              />
            </Button>
            {file && (
              <Typography variant="body2">
                <b>{file.name}</b> · {(file.size / 1024).toFixed(1)} KB · {file.lines.toLocaleString()} data lines
              </Typography>
            )}
          </Stack>
        </CardContent>
      </Card>

      {file && stage !== "summary" && (
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600, mb: 2 }}>
              {translate("ilms.import.steps.target")}
            </Typography>
            <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: { md: "center" } }}>
              <FormControl size="small" sx={{ minWidth: 260 }}>
                <InputLabel id="import-round">{translate("ilms.import.round")}</InputLabel>
                <Select
                  labelId="import-round"
                  label={translate("ilms.import.round")}
                  value={round}
                  onChange={(e) => {
                    setRound(String(e.target.value));
                    setReport(null);
                    setStage("target");
                  }}
                  disabled={stage === "loading"}
                >
                  <MenuItem value="">
                    <em>{translate("ilms.import.openRound")}</em>
                  </MenuItem>
                  {(rounds ?? []).map((r) => (
                    <MenuItem key={r.id} value={r.code}>
                      {r.code} — {r.title}
                    </MenuItem>
                  ))}
                </Select>
              </FormControl>
              <Autocomplete
                freeSolo
                size="small"
                options={sourceOptions}
                value={source}
                onInputChange={(_e, v) => {
                  setSource(v);
                  setReport(null);
                  if (stage !== "loading") setStage("target");
                }}
                disabled={stage === "loading"}
                sx={{ minWidth: 360 }}
                renderInput={(params) => (
                  <TextField
                    {...params}
                    label={translate("ilms.import.source")}
                    helperText={
                      sourceOptions.find((o) => o.includes("{ref_area}"))
                        ? translate("ilms.import.sourceHelp", { example: sourceOptions.find((o) => o.includes("{ref_area}")) })
                        : translate("ilms.import.sourceHelpNone")
                    }
                  />
                )}
              />
              <Button variant="contained" onClick={() => check()} disabled={busy || stage === "loading"}>
                {busy ? translate("ilms.import.checking") : translate("ilms.import.check")}
              </Button>
            </Stack>
            {busy && <LinearProgress sx={{ mt: 2 }} />}
          </CardContent>
        </Card>
      )}

      {report && (stage === "check" || stage === "loading") && (
        <Card sx={{ mb: 2 }} data-testid="import-report">
          <CardContent>
            <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: "wrap", alignItems: "center" }}>
              <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600, mr: 1 }}>
                {translate("ilms.import.steps.check")}
              </Typography>
              <Chip label={`${report.rowsRead.toLocaleString()} rows read`} />
              <Chip color={refused ? "error" : "success"} label={`${report.errorCount} ${translate("ilms.import.errors").toLowerCase()}`} />
              <Chip
                color={report.findingCount ? "warning" : "default"}
                label={`${report.findingCount} ${translate("ilms.import.findings").toLowerCase()}`}
              />
              {report.tables.map((t) => (
                <Chip key={t} variant="outlined" label={`Table ${t}`} />
              ))}
              {report.round && <Chip variant="outlined" label={`Round ${report.round}`} />}
            </Stack>
            {refused ? (
              <>
                <Alert severity="error" sx={{ mb: 2 }} data-testid="import-refused">
                  {translate("ilms.import.refused")}
                  {report.errorCount > report.errors.length ? ` (${report.errors.length} of ${report.errorCount} listed)` : ""}
                </Alert>
                {file && (
                  <SourceFix
                    key={source}
                    errors={report.errors}
                    errorCount={
                      report.errors.every((e) => SOURCE_ERRORS.has(e.code))
                        ? report.errorCount
                        : report.errors.filter((e) => SOURCE_ERRORS.has(e.code)).length
                    }
                    csv={file.text}
                    options={sourceOptions}
                    existing={existingSources}
                    current={source}
                    onApply={(s) => void check(s)}
                  />
                )}
                <IssueTable issues={report.errors} label={translate("ilms.import.errors")} />
              </>
            ) : (
              <Alert severity="success" sx={{ mb: 2 }} data-testid="import-ready">
                {translate("ilms.import.ready")}
              </Alert>
            )}
            {report.findings.length > 0 && (
              <Box sx={{ mt: 2 }}>
                <Typography component="h3" variant="subtitle2" sx={{ mb: 1 }}>
                  {translate("ilms.import.findings")}
                </Typography>
                <FindingTable findings={report.findings} label={translate("ilms.import.findings")} />
              </Box>
            )}
            {!refused && (
              <Stack direction="row" spacing={2} sx={{ mt: 3, alignItems: "center" }}>
                <Button variant="contained" color="primary" size="large" onClick={load} disabled={stage === "loading"}>
                  {translate("ilms.import.confirm", { rows: report.rowsRead.toLocaleString() })}
                </Button>
                <Button onClick={restart} disabled={stage === "loading"}>
                  Cancel
                </Button>
              </Stack>
            )}
            {stage === "loading" && (
              <Box sx={{ mt: 2 }} role="status">
                <LinearProgress />
                <Typography variant="body2" sx={{ mt: 1 }}>
                  {translate("ilms.import.loading")} {elapsed > 0 ? `${elapsed} s` : ""}
                </Typography>
              </Box>
            )}
          </CardContent>
        </Card>
      )}

      {stage === "summary" && result && (
        <Card data-testid="import-summary">
          <CardContent>
            <Alert severity={result.rowsWritten > 0 ? "success" : "info"} sx={{ mb: 2 }}>
              {translate("ilms.import.done", { rows: result.rowsWritten.toLocaleString() })}
              {` ${result.rowsNew.toLocaleString()} new, ${result.rowsRevised.toLocaleString()} revised, ${result.rowsUnchanged.toLocaleString()} unchanged.`}
              {result.newSources.length > 0 ? ` Sources registered: ${result.newSources.join(", ")}.` : ""}
            </Alert>
            <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap", mb: 2 }}>
              {result.id && <Chip label={`Import #${result.id}`} />}
              <Chip label={`${result.rowsRead.toLocaleString()} rows read`} />
              <Chip color="success" label={`${result.rowsNew.toLocaleString()} new`} />
              <Chip label={`${result.rowsRevised.toLocaleString()} revised`} />
              <Chip label={`${result.rowsUnchanged.toLocaleString()} unchanged`} />
              <Chip
                color={result.findingCount ? "warning" : "default"}
                label={`${result.findingCount} findings (${result.findingsKnown} already known)`}
              />
              {result.round && <Chip label={`Round ${result.round}`} />}
              <Chip label={`${(result.durationMs / 1000).toFixed(1)} s`} />
              {result.tables.map((t) => (
                <Chip key={t} variant="outlined" label={`Table ${t}`} />
              ))}
            </Stack>
            <Stack direction="row" spacing={1}>
              <Button variant="contained" component={Link} to="/">
                {translate("ilms.menu.qualityMap")}
              </Button>
              <Button
                variant="outlined"
                component={Link}
                to={`/observations?q=${encodeURIComponent(JSON.stringify({ table: result.tables[0] }))}`}
              >
                {translate("ilms.menu.observations")}
              </Button>
              <Button onClick={restart}>{translate("ilms.import.again")}</Button>
            </Stack>
          </CardContent>
        </Card>
      )}
    </Box>
  );
}
