/**
 * The SDMX addresses of a table (its table flow `DF_ILMS_Txx`, and one flow per ILOSTAT indicator) and
 * "copy as R / Python / curl" snippets that read it with the common SDMX clients. Addresses are built from
 * the page's own origin: the console is served by the API that answers them.
 */
import { useState } from "react";
import { Box, Button, ButtonGroup, Typography } from "@mui/material";
import { useNotify, useRecordContext, useTranslate } from "react-admin";

/** SDMX id of a table dimension, as the SDMX face derives it: `economicActivity` -> `ECONOMIC_ACTIVITY`. */
const dimensionId = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

export type SnippetKind = "r" | "python" | "curl";

/** The snippets that read a data URL with rsdmx, sdmx1 (or pandasdmx) and curl. */
export function sdmxSnippets(dataUrl: string): Record<SnippetKind, string> {
  return {
    r: `library(rsdmx)\nsdmx <- readSDMX("${dataUrl}")\ndf <- as.data.frame(sdmx)`,
    python: `import sdmx  # sdmx1; with pandasdmx: import pandasdmx as sdmx\nmsg = sdmx.read_url("${dataUrl}")\ndf = sdmx.to_pandas(msg)`,
    curl: `curl -H "Accept: application/vnd.sdmx.data+csv;version=1.0.0" "${dataUrl}"`,
  };
}

const LABELS: Record<SnippetKind, string> = { r: "R", python: "Python", curl: "curl" };

function Address({ label, url }: { label: string; url: string }) {
  return (
    <Box sx={{ mb: 1 }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Box
        component="code"
        data-code={url}
        data-testid="sdmx-url"
        sx={{ fontFamily: "monospace", fontSize: "0.9em", wordBreak: "break-all" }}
      >
        {url}
      </Box>
    </Box>
  );
}

export function SdmxPanel() {
  const record = useRecordContext<{ id: number; dimensions: { key: string }[]; indicators: { id: string; title: string }[] }>();
  const translate = useTranslate();
  const notify = useNotify();
  const [shown, setShown] = useState<SnippetKind>("r");
  if (!record) return null;
  const base = `${window.location.origin}/sdmx/rest`;
  const flow = `DF_ILMS_T${String(record.id).padStart(2, "0")}`;
  const dataUrl = `${base}/data/ILO,${flow},1.0/all`;
  const structureUrl = `${base}/dataflow/ILO/${flow}/1.0?references=all`;
  const key = ["REF_AREA", "FREQ", "SEX", ...record.dimensions.map((d) => dimensionId(d.key))].join(".");
  const snippets = sdmxSnippets(dataUrl);
  const copy = async (kind: SnippetKind) => {
    setShown(kind);
    try {
      await navigator.clipboard.writeText(snippets[kind]);
      notify("ilms.sdmx.copied", { type: "info" });
    } catch {
      notify("ilms.sdmx.notCopied", { type: "warning" });
    }
  };
  return (
    <Box component="section" aria-labelledby="sdmx-title" data-testid="sdmx-panel" sx={{ mt: 1 }}>
      <Typography id="sdmx-title" variant="h6" component="h2">
        {translate("ilms.sdmx.title")}
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate("ilms.sdmx.help")}
      </Typography>
      <Address label={translate("ilms.sdmx.data")} url={dataUrl} />
      <Address label={translate("ilms.sdmx.structure")} url={structureUrl} />
      <Box sx={{ mb: 1 }}>
        <Typography variant="body2" color="text.secondary">
          {translate("ilms.sdmx.key")}
        </Typography>
        <Box component="code" data-code={key} sx={{ fontFamily: "monospace", fontSize: "0.9em" }}>
          {key}
        </Box>
      </Box>
      <Typography variant="body2" color="text.secondary">
        {translate("ilms.sdmx.indicatorFlows")}
      </Typography>
      <Box component="ul" sx={{ mt: 0, mb: 1 }}>
        {record.indicators.map((i) => (
          <li key={i.id}>
            {i.title}:{" "}
            <Box
              component="code"
              data-code={i.id}
              data-testid="sdmx-url"
              sx={{ fontFamily: "monospace", fontSize: "0.9em", wordBreak: "break-all" }}
            >
              {`${base}/data/ILO,DF_${i.id},1.0/all`}
            </Box>
          </li>
        ))}
      </Box>
      <Box sx={{ display: "flex", alignItems: "center", gap: 1, mb: 1 }}>
        <Typography variant="body2">{translate("ilms.sdmx.copyAs")}</Typography>
        <ButtonGroup size="small" variant="outlined">
          {(Object.keys(LABELS) as SnippetKind[]).map((kind) => (
            <Button key={kind} onClick={() => void copy(kind)} aria-pressed={shown === kind} data-testid={`sdmx-copy-${kind}`}>
              {LABELS[kind]}
            </Button>
          ))}
        </ButtonGroup>
      </Box>
      <Box
        component="pre"
        data-code={shown}
        data-testid="sdmx-snippet"
        sx={{
          fontFamily: "monospace",
          fontSize: "0.85em",
          bgcolor: "action.hover",
          p: 1,
          borderRadius: 1,
          whiteSpace: "pre-wrap",
          wordBreak: "break-all",
        }}
      >
        {snippets[shown]}
      </Box>
    </Box>
  );
}
