/**
 * The main screen: reporting countries × the catalogue's tables for a year or a range. Each cell is coloured by
 * completeness (and prints it, so colour is never the only signal), names the source types and marks
 * comparability; a click opens the sources, findings and observations behind it.
 */
import { useMemo, useState } from "react";
import {
  Alert,
  Box,
  Card,
  CardContent,
  CircularProgress,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from "@mui/material";
import { visuallyHidden } from "@mui/utils";
import { useQuery } from "@tanstack/react-query";
import { Title, useGetList, useTranslate } from "react-admin";
import { PageHeader } from "../common/PageHeader";
import { regionGroupOf } from "../analytics/common";
import { useActiveRegion } from "../layout/branding";
import { useIlmsProvider } from "../common/useIlmsProvider";
import type { CountryGroup, IlmsTable, QualityCell } from "../data";
import { palette } from "../theme";
import { CellDrawer } from "./CellDrawer";
import { aggregate, completenessColour, comparabilityMark } from "./cells";
import type { MapCell } from "./cells";

const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: THIS_YEAR - 1979 }, (_, i) => THIS_YEAR - i);

function Legend() {
  const translate = useTranslate();
  const steps = ["0–19%", "20–39%", "40–59%", "60–79%", "80–99%", "100%"];
  return (
    <Stack
      direction="row"
      spacing={2}
      sx={{ flexWrap: "wrap", alignItems: "center", rowGap: 1 }}
      aria-label={translate("ilms.qualityMap.legend")}
    >
      <Typography variant="caption" sx={{ fontWeight: 600 }}>
        {translate("ilms.qualityMap.completeness")}
      </Typography>
      {steps.map((label, i) => (
        <Stack key={label} direction="row" spacing={0.5} sx={{ alignItems: "center" }}>
          <Box sx={{ width: 16, height: 16, borderRadius: 0.5, bgcolor: palette.scale[i], border: "1px solid #d1d5db" }} />
          <Typography variant="caption">{label}</Typography>
        </Stack>
      ))}
      <Typography variant="caption" sx={{ fontWeight: 600, pl: 2 }}>
        {translate("ilms.qualityMap.comparability")}
      </Typography>
      <Typography variant="caption">● {translate("ilms.qualityMap.full")}</Typography>
      <Typography variant="caption">◐ {translate("ilms.qualityMap.partial")}</Typography>
      <Typography variant="caption">○ {translate("ilms.qualityMap.notComparable")}</Typography>
      <Typography variant="caption">? {translate("ilms.qualityMap.notAssessed")}</Typography>
      <Typography variant="caption" sx={{ pl: 2 }}>
        <b>BA</b> {translate("ilms.qualityMap.types.BA")} · <b>AA</b> {translate("ilms.qualityMap.types.AA")} · <b>FX</b>{" "}
        {translate("ilms.qualityMap.types.FX")} · <b>DA</b> {translate("ilms.qualityMap.types.DA")}
      </Typography>
    </Stack>
  );
}

function Cell({ cell, onOpen, label }: { cell: MapCell | undefined; onOpen: () => void; label: string }) {
  const translate = useTranslate();
  if (!cell || cell.observations === 0) {
    return (
      <TableCell sx={{ p: 0.25, borderRight: "1px solid #eef0f4" }}>
        <Box
          component="button"
          type="button"
          onClick={onOpen}
          sx={{
            width: "100%",
            height: 52,
            border: "1px dashed #d1d5db",
            bgcolor: palette.empty,
            borderRadius: 1,
            cursor: "pointer",
            color: "#6b7280",
            fontSize: 12,
          }}
        >
          <span aria-hidden="true">–</span>
          <Box component="span" sx={visuallyHidden}>
            {label}: {translate("ilms.qualityMap.noData")}
          </Box>
        </Box>
      </TableCell>
    );
  }
  const pct = cell.completeness === null ? null : Math.round(cell.completeness * 100);
  return (
    <TableCell sx={{ p: 0.25, pt: 0.75, borderRight: "1px solid #eef0f4" }}>
      <Tooltip
        describeChild
        title={
          <Box>
            <div>
              {translate("ilms.qualityMap.completeness")}: {pct === null ? "n/a" : `${pct}%`}
            </div>
            <div>
              {translate("ilms.qualityMap.observations")}: {cell.observations}
            </div>
            <div>Sources: {cell.sources.map((s) => s.code).join(", ") || "—"}</div>
            {cell.openFindings > 0 && (
              <div>
                {translate("ilms.qualityMap.findings")}: {cell.openFindings}
              </div>
            )}
          </Box>
        }
      >
        <Box
          component="button"
          type="button"
          onClick={onOpen}
          data-testid={`cell-${cell.refArea}-${cell.table}`}
          sx={{
            width: "100%",
            height: 52,
            border: "1px solid rgba(0,0,0,.08)",
            borderRadius: 1,
            bgcolor: completenessColour(cell.completeness),
            cursor: "pointer",
            display: "flex",
            flexDirection: "column",
            alignItems: "center",
            justifyContent: "center",
            gap: "1px",
            color: "#111827",
            position: "relative",
            "&:hover, &:focus-visible": { outline: `2px solid ${palette.primary}`, outlineOffset: 1 },
          }}
        >
          {/* Screen readers hear the context first, then the visible figures (so the name contains the visible text). */}
          <Box component="span" sx={visuallyHidden}>
            {label}, completeness{" "}
          </Box>
          <Box component="span" sx={{ fontSize: 13, fontWeight: 700, lineHeight: 1 }}>
            {pct === null ? "·" : `${pct}%`}
          </Box>
          <Box
            component="span"
            sx={{ fontSize: 10, lineHeight: 1, whiteSpace: "nowrap", maxWidth: "100%", overflow: "hidden", textOverflow: "ellipsis" }}
          >
            {comparabilityMark(cell.comparability)} {cell.sourceTypes.join(" ")}
          </Box>
          <Box component="span" sx={visuallyHidden}>
            , {cell.observations} observations, comparability {cell.comparability ?? "not assessed"}
            {cell.openFindings > 0 ? `, ${cell.openFindings} findings` : ""}
          </Box>
          {cell.openFindings > 0 && (
            <Box
              component="span"
              sx={{
                position: "absolute",
                top: -5,
                right: -4,
                minWidth: 15,
                height: 15,
                lineHeight: "15px",
                fontSize: 9,
                fontWeight: 700,
                color: "#fff",
                bgcolor: "#b45309",
                borderRadius: "8px",
                px: 0.4,
                zIndex: 1,
              }}
            >
              <span aria-hidden="true">{cell.openFindings}</span>
            </Box>
          )}
        </Box>
      </Tooltip>
    </TableCell>
  );
}

export function QualityMap() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const region = useActiveRegion();
  // Until a group is picked, the active region's (the first group when the warehouse has no region applied).
  const [picked, setGroupCode] = useState<string | null>(null);
  const [from, setFrom] = useState(2015);
  const [to, setTo] = useState(2024);
  const [open, setOpen] = useState<{ refArea: string; table: number } | null>(null);

  const { data: tables } = useGetList<IlmsTable & { id: number }>("tables", {
    pagination: { page: 1, perPage: 100 },
    sort: { field: "id", order: "ASC" },
  });
  const { data: groups } = useGetList<CountryGroup & { id: string }>("countryGroups", {
    pagination: { page: 1, perPage: 100 },
    sort: { field: "code", order: "ASC" },
  });
  const groupCode = picked ?? regionGroupOf(region, groups) ?? null;
  const group = groups?.find((g) => g.code === groupCode);
  const countries = useMemo(() => {
    const day = new Date().toISOString().slice(0, 10);
    const current = (group?.members ?? []).filter(
      (m) => m.validFrom <= `${to}-12-31` && (m.validTo === null || m.validTo >= `${from}-01-01`) && m.validFrom <= day,
    );
    return [...new Map(current.map((m) => [m.country.code, m.country])).values()].sort((a, b) => a.code.localeCompare(b.code));
  }, [group, from, to]);

  const years = useMemo(() => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i), [from, to]);
  const codes = countries.map((c) => c.code);
  const {
    data: raw,
    isPending,
    error,
  } = useQuery({
    queryKey: ["qualityMap", codes, years],
    queryFn: () => provider.qualityMap({ countries: codes, yearFrom: from, yearTo: to }),
    enabled: codes.length > 0 && years.length > 0,
  });
  const cells = useMemo(() => aggregate(raw ?? []), [raw]);
  const openCells: QualityCell[] = open ? (raw ?? []).filter((c) => c.refArea === open.refArea && c.table === open.table) : [];
  const byModule = useMemo(() => {
    const out: { module: string; title: string; count: number }[] = [];
    for (const t of tables ?? []) {
      const last = out[out.length - 1];
      if (last && last.module === t.module) last.count++;
      else out.push({ module: t.module, title: t.moduleTitle, count: 1 });
    }
    return out;
  }, [tables]);

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate("ilms.qualityMap.title")} />
      <PageHeader title={translate("ilms.qualityMap.title")} intro={translate("ilms.qualityMap.intro")} />
      <Card sx={{ mb: 2 }}>
        <CardContent sx={{ display: "flex", gap: 2, flexWrap: "wrap", alignItems: "center", py: 1.5, "&:last-child": { pb: 1.5 } }}>
          <FormControl size="small" sx={{ width: 300 }}>
            <InputLabel id="qm-group">{translate("ilms.qualityMap.group")}</InputLabel>
            <Select
              labelId="qm-group"
              label={translate("ilms.qualityMap.group")}
              value={groups && group ? group.code : ""}
              onChange={(e) => setGroupCode(String(e.target.value))}
            >
              {(groups ?? []).map((g) => (
                <MenuItem key={g.code} value={g.code}>
                  {g.name}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <YearSelect label={translate("ilms.qualityMap.from")} value={from} onChange={(y) => setFrom(Math.min(y, to))} />
          <YearSelect label={translate("ilms.qualityMap.to")} value={to} onChange={(y) => setTo(Math.max(y, from))} />
          <ToggleButtonGroup
            size="small"
            exclusive
            aria-label={translate("ilms.qualityMap.period")}
            value={from === to ? 1 : to - from + 1 === 5 ? 5 : to - from + 1 === 10 ? 10 : from === 1980 ? 0 : null}
            onChange={(_e, span: number | null) => span !== null && setFrom(span === 0 ? 1980 : to - span + 1)}
          >
            <ToggleButton value={1}>{translate("ilms.qualityMap.only", { year: to })}</ToggleButton>
            <ToggleButton value={5}>{translate("ilms.qualityMap.years", { count: 5 })}</ToggleButton>
            <ToggleButton value={10}>{translate("ilms.qualityMap.years", { count: 10 })}</ToggleButton>
            <ToggleButton value={0}>{translate("ilms.qualityMap.since1980")}</ToggleButton>
          </ToggleButtonGroup>
          <Box sx={{ flexBasis: "100%", height: 0 }} />
          <Legend />
        </CardContent>
      </Card>
      {error ? (
        <Alert severity="warning">
          {translate("ilms.qualityMap.notAvailable")} ({error instanceof Error ? error.message : String(error)})
        </Alert>
      ) : (
        <TableContainer component={Paper} sx={{ position: "relative" }}>
          {isPending && codes.length > 0 && (
            <Box
              sx={{
                position: "absolute",
                inset: 0,
                display: "flex",
                alignItems: "center",
                justifyContent: "center",
                bgcolor: "rgba(255,255,255,.6)",
                zIndex: 2,
              }}
            >
              <CircularProgress aria-label={translate("ilms.common.loading")} />
            </Box>
          )}
          <Table size="small" aria-label={translate("ilms.qualityMap.title")} sx={{ tableLayout: "fixed", minWidth: 1040 }}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 170 }} />
                {byModule.map((m) => (
                  <TableCell
                    key={m.module}
                    colSpan={m.count}
                    align="center"
                    sx={{ bgcolor: "#eef2ff", borderRight: "2px solid #fff", fontSize: 12 }}
                  >
                    {m.module} · {m.title}
                  </TableCell>
                ))}
                {/* The fixed layout takes column widths from this first row. */}
                <TableCell sx={{ width: 64 }} />
              </TableRow>
              <TableRow>
                <TableCell component="th" scope="col" sx={{ fontSize: 12 }}>
                  {translate("ilms.qualityMap.countryTable")}
                </TableCell>
                {(tables ?? []).map((t) => (
                  <TableCell key={t.id} align="center" component="th" scope="col" sx={{ px: 0.25, fontSize: 12 }}>
                    <Tooltip title={t.title}>
                      <span>T{t.id}</span>
                    </Tooltip>
                  </TableCell>
                ))}
                <TableCell align="center" component="th" scope="col" sx={{ fontSize: 12, px: 0.5 }}>
                  {translate("ilms.qualityMap.tablesColumn")}
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {countries.map((c) => (
                <TableRow key={c.code} hover>
                  <TableCell component="th" scope="row" sx={{ py: 0.5, lineHeight: 1.2 }} data-testid={`country-${c.code}`}>
                    <b>{c.code}</b>
                    {/* Whole names, wrapped: "Brunei Darussalam", "Lao People's Democratic Republic". */}
                    <Typography
                      component="span"
                      variant="body2"
                      color="text.secondary"
                      sx={{ display: "block", fontSize: 12, lineHeight: 1.2 }}
                    >
                      {c.name}
                    </Typography>
                  </TableCell>
                  {(tables ?? []).map((t) => (
                    <Cell
                      key={t.id}
                      cell={cells.get(`${c.code}:${t.id}`)}
                      label={translate("ilms.qualityMap.cellLabel", { country: c.name, table: t.id })}
                      onOpen={() => setOpen({ refArea: c.code, table: t.id })}
                    />
                  ))}
                  <TableCell align="center" sx={{ fontWeight: 600, whiteSpace: "nowrap", px: 0.5 }}>
                    {(tables ?? []).filter((t) => (cells.get(`${c.code}:${t.id}`)?.observations ?? 0) > 0).length}
                    <Typography component="span" variant="caption" color="text.secondary">
                      {" "}
                      / {tables?.length ?? "…"}
                    </Typography>
                  </TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell component="th" scope="row" sx={{ fontSize: 12 }}>
                  {translate("ilms.qualityMap.countriesReporting")}
                </TableCell>
                {(tables ?? []).map((t) => (
                  <TableCell key={t.id} align="center" sx={{ fontWeight: 600 }}>
                    {countries.filter((c) => (cells.get(`${c.code}:${t.id}`)?.observations ?? 0) > 0).length}
                  </TableCell>
                ))}
                <TableCell />
              </TableRow>
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <CellDrawer
        open={open !== null}
        onClose={() => setOpen(null)}
        refArea={open?.refArea ?? ""}
        countryName={countries.find((c) => c.code === open?.refArea)?.name ?? ""}
        table={tables?.find((t) => t.id === open?.table)}
        cells={openCells}
        years={[from, to]}
      />
    </Box>
  );
}

/** One year of the map's range, picked among YEARS. */
function YearSelect({ label, value, onChange }: { label: string; value: number; onChange: (year: number) => void }) {
  return (
    <TextField select size="small" label={label} value={value} onChange={(e) => onChange(Number(e.target.value))} sx={{ width: 110 }}>
      {YEARS.map((y) => (
        <MenuItem key={y} value={y}>
          {y}
        </MenuItem>
      ))}
    </TextField>
  );
}
