/**
 * Observations of one table: filters on every dimension of the table (from the catalogue), labels rather than
 * codes (the code on hover), cursor pagination in the API's stable order (it has no other sort, so the columns
 * offer none) and the server's export of everything the filter selects.
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
  TextField,
  Tooltip,
  Typography,
} from "@mui/material";
import DownloadIcon from "@mui/icons-material/Download";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Title, useGetList, useNotify, useTranslate } from "react-admin";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";
import { KeyedByQuery, usePageQuery } from "../common/pageQuery";
import type { ExportFormat, IlmsTable, Observation } from "../data";

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
  const translate = useTranslate();
  return (
    <Autocomplete
      openText={translate("ilms.common.open")}
      closeText={translate("ra.action.close")}
      clearText={translate("ra.action.clear_input_value")}
      noOptionsText={translate("ra.navigation.no_results")}
      multiple
      size="small"
      options={options}
      value={value}
      onChange={(_e, v) => onChange(v)}
      getOptionLabel={(o) => labels.get(o) ?? o}
      renderValue={(selected, getItemProps) =>
        selected.map((o, index) => <Chip size="small" label={labels.get(o) ?? o} title={o} {...getItemProps({ index })} key={o} />)
      }
      renderInput={(params) => <TextField {...params} label={label} />}
      sx={{ width: 260 }}
      limitTags={3}
    />
  );
}

/** The label of one of an observation's dimensions (country, sex or a table dimension), and its code. */
function dimensionOf(o: Observation, key: string): { code: string; label: string } | null {
  const d = o.dimensions.find((x) => x.dimension === key);
  return d ? { code: d.code, label: d.label ?? d.code } : null;
}

/** A value shown by its label, with its code on hover (and in a data attribute, for the screen scans). */
function Coded({ value }: { value: { code: string; label: string } | null }) {
  if (!value) return <>—</>;
  return (
    <Tooltip title={value.code} describeChild>
      <span data-code={value.code}>{value.label}</span>
    </Tooltip>
  );
}

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: "ilostat-csv", label: "ILOSTAT CSV" },
  { value: "csv", label: "CSV" },
  { value: "xlsx", label: "Excel (xlsx)" },
];

/** A new `?q=` (a link from the map, another page's filter) starts the page afresh from it. */
export function ObservationsPage() {
  return <KeyedByQuery view={ObservationsView} />;
}

function ObservationsView() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const notify = useNotify();
  const initial = usePageQuery();
  const [tableId, setTableId] = useState<number>(initial.table ?? 15);
  const [filter, setFilter] = useState<Filter>(() => ({
    ...(initial.refArea ? { refArea: [initial.refArea] } : {}),
    ...(initial.timeFrom ? { timeFrom: initial.timeFrom } : {}),
    ...(initial.timeTo ? { timeTo: initial.timeTo } : {}),
  }));
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const [exporting, setExporting] = useState(false);
  const [format, setFormat] = useState<ExportFormat>("ilostat-csv");
  const { data: tables } = useGetList<IlmsTable & { id: number }>("tables", {
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

  const rows = data?.data ?? [];
  const dimensions = table?.dimensions ?? [];

  const set = (key: string, value: unknown) => setFilter((f) => ({ ...f, [key]: value }));

  /** Exports what the filter selects through the server (`GET /export`), in the chosen format. */
  async function exportFile() {
    setExporting(true);
    try {
      const name = await provider.exportObservations({ filter: apiFilter, format });
      notify(translate("ilms.observations.exported", { name }), { type: "success" });
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
        intro={table ? translate("ilms.observations.intro", { id: table.id, title: table.title, unit: table.unit }) : undefined}
        actions={
          <Stack direction="row" spacing={1}>
            <FormControl size="small" sx={{ width: 150 }}>
              <InputLabel id="obs-format">{translate("ilms.observations.format")}</InputLabel>
              <Select
                labelId="obs-format"
                label={translate("ilms.observations.format")}
                value={format}
                onChange={(e) => setFormat(e.target.value as ExportFormat)}
              >
                {FORMATS.map((f) => (
                  <MenuItem key={f.value} value={f.value}>
                    {f.label}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <Button variant="outlined" startIcon={<DownloadIcon />} onClick={exportFile} disabled={exporting}>
              {exporting ? translate("ilms.observations.exporting") : translate("ilms.observations.export")}
            </Button>
          </Stack>
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
              label={translate("ilms.observations.country")}
              codelistId="AREA"
              level="country"
              value={(filter.refArea as string[]) ?? []}
              onChange={(v) => set("refArea", v)}
            />
            <CodeFilter
              label={translate("ilms.observations.sex")}
              codelistId="SEX"
              value={(filter.sex as string[]) ?? []}
              onChange={(v) => set("sex", v)}
            />
            <TextField
              size="small"
              type="number"
              label={translate("ilms.charts.from")}
              value={filter.timeFrom ?? ""}
              onChange={(e) => set("timeFrom", e.target.value ? Number(e.target.value) : undefined)}
              sx={{ width: 120 }}
            />
            <TextField
              size="small"
              type="number"
              label={translate("ilms.charts.to")}
              value={filter.timeTo ?? ""}
              onChange={(e) => set("timeTo", e.target.value ? Number(e.target.value) : undefined)}
              sx={{ width: 120 }}
            />
            <TextField
              size="small"
              label={translate("ilms.observations.source")}
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
        {isFetching && <LinearProgress aria-label={translate("ilms.common.loading")} />}
        <TableContainer>
          <Table size="small" aria-label={translate("ilms.menu.observations")}>
            <TableHead>
              <TableRow>
                <TableCell>{translate("ilms.observations.country")}</TableCell>
                <TableCell>{translate("ilms.observations.year")}</TableCell>
                <TableCell>{translate("ilms.observations.sex")}</TableCell>
                {dimensions.map((d) => (
                  <TableCell key={d.key}>{d.title}</TableCell>
                ))}
                <TableCell align="right">{translate("ilms.observations.value")}</TableCell>
                <TableCell>{translate("ilms.observations.flag")}</TableCell>
                <TableCell>{translate("ilms.observations.source")}</TableCell>
                <TableCell>{translate("ilms.observations.round")}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((o) => (
                <TableRow key={o.id} hover>
                  <TableCell>
                    <Coded value={dimensionOf(o, "refArea")} />
                  </TableCell>
                  <TableCell>{o.time}</TableCell>
                  <TableCell>
                    <Coded value={dimensionOf(o, "sex")} />
                  </TableCell>
                  {dimensions.map((d) => (
                    <TableCell key={d.key}>
                      <Coded value={dimensionOf(o, d.key)} />
                    </TableCell>
                  ))}
                  <TableCell align="right" sx={{ fontVariantNumeric: "tabular-nums" }}>
                    {o.obsValue ?? "—"}
                  </TableCell>
                  <TableCell>{o.obsStatus ? <Chip size="small" color="warning" label={o.obsStatus} /> : ""}</TableCell>
                  <TableCell data-code={o.source} sx={{ whiteSpace: "nowrap" }}>
                    {o.source}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: "nowrap" }}>{o.roundCode}</TableCell>
                </TableRow>
              ))}
              {!isFetching && rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={7 + dimensions.length}>{translate("ilms.observations.empty")}</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
        <Typography variant="caption" color="text.secondary" sx={{ px: 2, display: "block", pt: 1 }}>
          {translate("ilms.observations.order")}
        </Typography>
        <TablePagination
          component="div"
          count={data?.total ?? -1}
          page={page}
          rowsPerPage={perPage}
          rowsPerPageOptions={[25, 50, 100, 250]}
          onPageChange={(_e, p) => setPage(p)}
          onRowsPerPageChange={(e) => setPerPage(Number(e.target.value))}
          labelRowsPerPage={translate("ra.navigation.page_rows_per_page")}
          labelDisplayedRows={({ from, to, count }) => translate("ilms.common.displayedRows", { from, to, count: count < 0 ? "…" : count })}
          getItemAriaLabel={(type) => translate(`ilms.common.pager.${type}`)}
          slotProps={{ actions: { nextButton: { disabled: !data?.pageInfo.hasNextPage } } }}
        />
      </Paper>
    </Box>
  );
}
