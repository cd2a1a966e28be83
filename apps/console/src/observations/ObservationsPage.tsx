/**
 * Observations of one table: filters on every dimension of the table (from the catalogue), sortable columns,
 * cursor pagination and a CSV export of everything the filter selects.
 */
import { useEffect, useMemo, useState } from "react";
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
  Paper,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
} from "@mui/material";
import DownloadIcon from "@mui/icons-material/Download";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Title, useGetList, useNotify, useTranslate } from "react-admin";
import { useSearchParams } from "react-router-dom";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";

interface Dimension {
  key: string;
  title: string;
  codelistId: string;
  counterpart: boolean;
}

interface TableDef {
  id: number;
  title: string;
  unit: string;
  dimensions: Dimension[];
}

type Filter = Record<string, unknown>;

/** A multi-select of codes of one list, labelled. */
function CodeFilter({
  label,
  codelistId,
  value,
  onChange,
  level,
}: {
  label: string;
  codelistId: string;
  value: string[];
  onChange: (v: string[]) => void;
  level?: string;
}) {
  const { data } = useGetList<{ id: string; code: string; label: string }>("codes", {
    filter: { codelistId, ...(level ? { level } : {}) },
    pagination: { page: 1, perPage: 5000 },
    sort: { field: "sortOrder", order: "ASC" },
  });
  const options = (data ?? []).map((c) => c.code);
  const labels = useMemo(() => new Map((data ?? []).map((c) => [c.code, c.label])), [data]);
  return (
    <Autocomplete
      multiple
      size="small"
      options={options}
      value={value}
      onChange={(_e, v) => onChange(v)}
      getOptionLabel={(o) => `${o} ${labels.get(o) ?? ""}`.trim()}
      renderValue={(selected, getItemProps) =>
        selected.map((o, index) => <Chip size="small" label={o} {...getItemProps({ index })} key={o} />)
      }
      renderInput={(params) => <TextField {...params} label={label} />}
      sx={{ width: 260 }}
      limitTags={3}
    />
  );
}

const COLUMNS = ["refArea", "time", "sex", "classif1", "classif2", "obsValue", "obsStatus", "source", "roundCode", "indicator"] as const;
type Column = (typeof COLUMNS)[number];
const HEAD: Record<Column, string> = {
  refArea: "Country",
  time: "Year",
  sex: "Sex",
  classif1: "classif1",
  classif2: "classif2",
  obsValue: "Value",
  obsStatus: "Flag",
  source: "Source",
  roundCode: "Round",
  indicator: "Indicator",
};

/** Labels of the table's own dimensions (not country or sex), e.g. "Korea, Republic of". */
function breakdownLabel(o: Record<string, any>): string {
  const dims = (o.dimensions ?? []) as { dimension: string; label: string | null }[];
  return dims
    .filter((d) => d.dimension !== "refArea" && d.dimension !== "sex" && d.dimension !== "basis" && d.label)
    .map((d) => d.label)
    .join(" · ");
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  // Neutralise spreadsheet formulas, quote as needed.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function ObservationsPage() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const notify = useNotify();
  const [params] = useSearchParams();
  const initial = useMemo(() => {
    try {
      return JSON.parse(params.get("q") ?? "{}") as { table?: number; refArea?: string; timeFrom?: number; timeTo?: number };
    } catch {
      return {};
    }
  }, [params]);
  const [tableId, setTableId] = useState<number>(initial.table ?? 15);
  const [filter, setFilter] = useState<Filter>(() => ({
    ...(initial.refArea ? { refArea: [initial.refArea] } : {}),
    ...(initial.timeFrom ? { timeFrom: initial.timeFrom } : {}),
    ...(initial.timeTo ? { timeTo: initial.timeTo } : {}),
  }));
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const [sort, setSort] = useState<{ field: Column; order: "asc" | "desc" } | null>(null);
  const [exporting, setExporting] = useState(false);
  const { data: tables } = useGetList<TableDef & { id: number }>("tables", {
    pagination: { page: 1, perPage: 100 },
    sort: { field: "id", order: "ASC" },
  });
  const table = tables?.find((t) => t.id === tableId);
  const apiFilter = useMemo(
    () => ({
      table: tableId,
      ...Object.fromEntries(Object.entries(filter).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ""))),
    }),
    [tableId, filter],
  );
  useEffect(() => setPage(0), [apiFilter, perPage]);

  const { data, isFetching, error } = useQuery({
    queryKey: ["observations", apiFilter, page, perPage],
    queryFn: () => provider.observations({ filter: apiFilter, page: page + 1, perPage }),
    placeholderData: keepPreviousData,
  });

  const rows = useMemo(() => {
    const list = [...(data?.data ?? [])];
    if (sort) {
      const sign = sort.order === "asc" ? 1 : -1;
      list.sort((a, b) => {
        const x = sort.field === "obsValue" ? Number(a.obsValue ?? Number.NEGATIVE_INFINITY) : a[sort.field];
        const y = sort.field === "obsValue" ? Number(b.obsValue ?? Number.NEGATIVE_INFINITY) : b[sort.field];
        return sign * (x < y ? -1 : x > y ? 1 : 0);
      });
    }
    return list;
  }, [data, sort]);

  const set = (key: string, value: unknown) => setFilter((f) => ({ ...f, [key]: value }));

  async function exportCsv() {
    setExporting(true);
    try {
      const all = await provider.allObservations(apiFilter);
      const header = [
        "ref_area",
        "source",
        "indicator",
        "sex",
        "classif1",
        "classif2",
        "time",
        "obs_value",
        "obs_status",
        "note_classif",
        "note_indicator",
        "note_source",
        "round",
      ];
      const lines = all.map((o) =>
        [
          o.refArea,
          o.source,
          o.indicator,
          o.sex,
          o.classif1,
          o.classif2,
          o.time,
          o.obsValue,
          o.obsStatus,
          o.noteClassif,
          o.noteIndicator,
          o.noteSource,
          o.roundCode,
        ]
          .map(csvCell)
          .join(","),
      );
      const blob = new Blob([`\uFEFF${header.join(",")}\n${lines.join("\n")}\n`], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `ilms-table-${tableId}.csv`;
      a.click();
      URL.revokeObjectURL(url);
      notify(`${all.length.toLocaleString()} observations exported`, { type: "success" });
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), { type: "error" });
    } finally {
      setExporting(false);
    }
  }

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate("ilms.menu.observations")} />
      <PageHeader
        title={translate("ilms.menu.observations")}
        intro={
          table
            ? `Table ${table.id}: ${table.title} — ${table.unit}. Latest value of each cell (as published, or drafts for signed-in users).`
            : undefined
        }
        actions={
          <Button variant="outlined" startIcon={<DownloadIcon />} onClick={exportCsv} disabled={exporting}>
            {exporting ? translate("ilms.observations.exporting") : translate("ilms.observations.export")}
          </Button>
        }
      />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
            <FormControl size="small" sx={{ width: 380 }}>
              <InputLabel id="obs-table">{translate("ilms.observations.table")}</InputLabel>
              <Select
                labelId="obs-table"
                label={translate("ilms.observations.table")}
                value={tables ? tableId : ""}
                onChange={(e) => {
                  setTableId(Number(e.target.value));
                  setFilter((f) => ({ refArea: f.refArea, sex: f.sex, timeFrom: f.timeFrom, timeTo: f.timeTo, source: f.source }));
                }}
              >
                {(tables ?? []).map((t) => (
                  <MenuItem key={t.id} value={t.id}>
                    {t.id}. {t.title}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <CodeFilter
              label="Country"
              codelistId="AREA"
              level="country"
              value={(filter.refArea as string[]) ?? []}
              onChange={(v) => set("refArea", v)}
            />
            <CodeFilter label="Sex" codelistId="SEX" value={(filter.sex as string[]) ?? []} onChange={(v) => set("sex", v)} />
            <TextField
              size="small"
              type="number"
              label="From year"
              value={filter.timeFrom ?? ""}
              onChange={(e) => set("timeFrom", e.target.value ? Number(e.target.value) : undefined)}
              sx={{ width: 120 }}
            />
            <TextField
              size="small"
              type="number"
              label="To year"
              value={filter.timeTo ?? ""}
              onChange={(e) => set("timeTo", e.target.value ? Number(e.target.value) : undefined)}
              sx={{ width: 120 }}
            />
            <TextField
              size="small"
              label="Source"
              value={((filter.source as string[]) ?? []).join(",")}
              onChange={(e) =>
                set(
                  "source",
                  e.target.value
                    ? e.target.value
                        .split(",")
                        .map((s) => s.trim())
                        .filter(Boolean)
                    : [],
                )
              }
              sx={{ width: 140 }}
            />
            {(table?.dimensions ?? []).map((d) => (
              <CodeFilter
                key={d.key}
                label={d.title}
                codelistId={d.codelistId}
                level={d.counterpart ? "country" : undefined}
                value={(filter[d.key] as string[]) ?? []}
                onChange={(v) => set(d.key, v)}
              />
            ))}
            <Button onClick={() => setFilter({})}>{translate("ilms.observations.clear")}</Button>
          </Stack>
        </CardContent>
      </Card>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error instanceof Error ? error.message : String(error)}
        </Alert>
      )}
      <Paper>
        {isFetching && <LinearProgress aria-label="Loading observations" />}
        <TableContainer>
          <Table size="small" aria-label="Observations">
            <TableHead>
              <TableRow>
                {COLUMNS.map((c) => (
                  <TableCell key={c} align={c === "obsValue" ? "right" : "left"} sortDirection={sort?.field === c ? sort.order : false}>
                    <TableSortLabel
                      active={sort?.field === c}
                      direction={sort?.field === c ? sort.order : "asc"}
                      onClick={() => setSort({ field: c, order: sort?.field === c && sort.order === "asc" ? "desc" : "asc" })}
                    >
                      {HEAD[c]}
                    </TableSortLabel>
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((o) => (
                <TableRow key={o.id} hover>
                  <TableCell>{o.refArea}</TableCell>
                  <TableCell>{o.time}</TableCell>
                  <TableCell>{o.sex}</TableCell>
                  <TableCell>
                    <Box sx={{ lineHeight: 1.2 }}>{o.classif1 ?? "—"}</Box>
                    <Typography variant="caption" color="text.secondary">
                      {breakdownLabel(o)}
                    </Typography>
                  </TableCell>
                  <TableCell>{o.classif2 ?? "—"}</TableCell>
                  <TableCell align="right" sx={{ fontVariantNumeric: "tabular-nums" }}>
                    {o.obsValue ?? "—"}
                  </TableCell>
                  <TableCell>{o.obsStatus ? <Chip size="small" color="warning" label={o.obsStatus} /> : ""}</TableCell>
                  <TableCell>{o.source}</TableCell>
                  <TableCell sx={{ whiteSpace: "nowrap" }}>{o.roundCode}</TableCell>
                  <TableCell sx={{ fontSize: 12 }}>{o.indicator}</TableCell>
                </TableRow>
              ))}
              {!isFetching && rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={COLUMNS.length}>{translate("ra.navigation.no_results")}</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
        <Typography variant="caption" color="text.secondary" sx={{ px: 2, display: "block", pt: 1 }}>
          Rows come in the API's stable order; a column sort orders the rows of this page.
        </Typography>
        <TablePagination
          component="div"
          count={data?.total ?? -1}
          page={page}
          rowsPerPage={perPage}
          rowsPerPageOptions={[25, 50, 100, 250]}
          onPageChange={(_e, p) => setPage(p)}
          onRowsPerPageChange={(e) => setPerPage(Number(e.target.value))}
          slotProps={{ actions: { nextButton: { disabled: !data?.pageInfo.hasNextPage } } }}
        />
      </Paper>
    </Box>
  );
}
