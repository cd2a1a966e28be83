/**
 * The analytical report of a round: choose the round and the language, preview the self-contained HTML in a
 * sandboxed frame, and download it as HTML, PDF or XLSX. The server builds it from the data (and caches it
 * per round and language); signed-in staff also see draft rounds' reports, marked as drafts.
 */
import { useEffect, useState } from "react";
import { Alert, Box, Button, Card, CircularProgress, FormControl, InputLabel, MenuItem, Select, Stack } from "@mui/material";
import DownloadIcon from "@mui/icons-material/Download";
import { useQuery } from "@tanstack/react-query";
import { Title, useGetList, useNotify, useTranslate } from "react-admin";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";
import type { ReportFormat } from "../data";

const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "fr", label: "Français" },
];
const FORMATS: { value: ReportFormat; label: string }[] = [
  { value: "html", label: "HTML" },
  { value: "pdf", label: "PDF" },
  { value: "xlsx", label: "XLSX" },
];

export function ReportPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const provider = useIlmsProvider();
  const { data: rounds } = useGetList("rounds", { pagination: { page: 1, perPage: 100 }, sort: { field: "id", order: "DESC" } });
  const [round, setRound] = useState<string>("");
  const [lang, setLang] = useState("en");
  const [downloading, setDownloading] = useState<ReportFormat | null>(null);
  useEffect(() => {
    if (!round && rounds && rounds.length > 0) setRound(String(rounds[0]!.code));
  }, [round, rounds]);

  const {
    data: html,
    isFetching,
    error,
  } = useQuery({
    queryKey: ["report", round, lang],
    queryFn: () => provider.reportHtml({ round, lang }),
    enabled: round !== "",
  });

  async function download(format: ReportFormat) {
    setDownloading(format);
    try {
      const name = await provider.downloadReport({ round, lang, format });
      notify(translate("ilms.report.downloaded", { name }), { type: "success" });
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), { type: "error" });
    } finally {
      setDownloading(null);
    }
  }

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate("ilms.menu.report")} />
      <PageHeader
        title={translate("ilms.report.title")}
        intro={translate("ilms.report.intro")}
        actions={
          <Stack direction="row" spacing={1} alignItems="center">
            <FormControl size="small" sx={{ minWidth: 260 }}>
              <InputLabel id="report-round">{translate("ilms.report.round")}</InputLabel>
              <Select
                labelId="report-round"
                label={translate("ilms.report.round")}
                value={round}
                onChange={(e) => setRound(e.target.value)}
              >
                {(rounds ?? []).map((r) => (
                  <MenuItem key={r.id} value={String(r.code)}>
                    {String(r.title)}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <FormControl size="small" sx={{ width: 140 }}>
              <InputLabel id="report-lang">{translate("ilms.report.language")}</InputLabel>
              <Select
                labelId="report-lang"
                label={translate("ilms.report.language")}
                value={lang}
                onChange={(e) => setLang(e.target.value)}
              >
                {LANGUAGES.map((l) => (
                  <MenuItem key={l.value} value={l.value}>
                    {l.label}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            {FORMATS.map((f) => (
              <Button
                key={f.value}
                variant="outlined"
                startIcon={<DownloadIcon />}
                onClick={() => download(f.value)}
                disabled={round === "" || downloading !== null}
              >
                {downloading === f.value ? translate("ilms.report.downloading") : f.label}
              </Button>
            ))}
          </Stack>
        }
      />
      {error && <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>}
      {isFetching && (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ my: 2 }}>
          <CircularProgress size={20} />
          <span>{translate("ilms.report.generating")}</span>
        </Stack>
      )}
      {html && !isFetching && (
        <Card variant="outlined">
          {/* No script runs in the report; the sandbox keeps it that way. */}
          <iframe title={translate("ilms.report.preview")} srcDoc={html} sandbox="" style={{ width: "100%", height: "75vh", border: 0 }} />
        </Card>
      )}
    </Box>
  );
}
