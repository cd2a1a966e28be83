/** What is behind one cell of the quality map: per-year figures, the sources with their quality fields, findings, links. */
import {
  Box,
  Button,
  Divider,
  Drawer,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import CloseIcon from "@mui/icons-material/Close";
import TableRowsIcon from "@mui/icons-material/TableRows";
import ShowChartIcon from "@mui/icons-material/ShowChart";
import EditIcon from "@mui/icons-material/Edit";
import { useQuery } from "@tanstack/react-query";
import { Link, useGetMany, useTranslate } from "react-admin";
import { CodedText, useCodeLabels } from "../common/codeLabels";
import { useIlmsProvider } from "../common/useIlmsProvider";
import type { QualityCell } from "../data";
import { ComparabilityChip } from "../sources";
import { completenessColour } from "./cells";

interface Props {
  open: boolean;
  onClose: () => void;
  refArea: string;
  countryName: string;
  table: { id: number; title: string; dimensions?: { codelistId: string }[] } | undefined;
  cells: QualityCell[];
  years: [number, number];
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`);

/** "18 of 66 expected (27 %)": the table's expected cells reported for a country and year. */
export function expectedText(c: Pick<QualityCell, "reportedExpectedCells" | "expectedCells">): string {
  if (!c.expectedCells) return "—";
  return `${c.reportedExpectedCells} of ${c.expectedCells} expected (${Math.round((c.reportedExpectedCells / c.expectedCells) * 100)} %)`;
}

function Findings({ refArea, table, years, codelists }: { refArea: string; table: number; years: [number, number]; codelists: string[] }) {
  const provider = useIlmsProvider();
  const translate = useTranslate();
  const labels = useCodeLabels(["SEX", "AREA", ...codelists]);
  const { data, error } = useQuery({
    queryKey: ["findings", refArea, table, years],
    queryFn: () => provider.findings({ refArea, table, timeFrom: years[0], timeTo: years[1] }),
  });
  if (error)
    return (
      <Typography variant="body2" color="text.secondary">
        Findings are not available from the API yet.
      </Typography>
    );
  if (!data) return null;
  if (data.length === 0) return <Typography variant="body2">{translate("ilms.qualityMap.noFindings")}</Typography>;
  return (
    <Table size="small" aria-label={translate("ilms.qualityMap.findings")}>
      <TableHead>
        <TableRow>
          <TableCell>{translate("ilms.import.col.year")}</TableCell>
          <TableCell>{translate("ilms.import.col.check")}</TableCell>
          <TableCell>{translate("ilms.import.col.source")}</TableCell>
          <TableCell>{translate("ilms.observations.round")}</TableCell>
          <TableCell>{translate("ilms.import.col.finding")}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.slice(0, 50).map((f, i) => (
          <TableRow key={i}>
            <TableCell>{f.time ?? "—"}</TableCell>
            <TableCell>{f.check}</TableCell>
            <TableCell>{f.sourceCode}</TableCell>
            <TableCell>{f.round}</TableCell>
            <TableCell>
              <CodedText text={f.message} labels={labels} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function CellDrawer({ open, onClose, refArea, countryName, table, cells, years }: Props) {
  const translate = useTranslate();
  const sourceCodes = [...new Set(cells.flatMap((c) => c.sources.map((s) => s.code)))];
  const { data: sources } = useGetMany("sources", { ids: sourceCodes }, { enabled: open && sourceCodes.length > 0 });
  const withData = cells.filter((c) => c.observations > 0).sort((a, b) => b.time - a.time);
  const query = encodeURIComponent(JSON.stringify({ table: table?.id, refArea, timeFrom: years[0], timeTo: years[1] }));
  return (
    <Drawer anchor="right" open={open} onClose={onClose} slotProps={{ paper: { sx: { width: { xs: "100%", md: 720 } } } }}>
      <Box sx={{ p: 3 }} role="region" aria-label={translate("ilms.qualityMap.cellDetails")}>
        <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "flex-start" }}>
          <Box>
            <Typography variant="overline" color="text.secondary">
              {refArea} · {years[0] === years[1] ? years[0] : `${years[0]}–${years[1]}`}
            </Typography>
            <Typography component="h2" variant="h6">
              {countryName} — Table {table?.id}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {table?.title}
            </Typography>
          </Box>
          <IconButton onClick={onClose} aria-label={translate("ilms.analytics.corridors.close")}>
            <CloseIcon />
          </IconButton>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ my: 2 }}>
          <Button variant="contained" size="small" startIcon={<TableRowsIcon />} component={Link} to={`/observations?q=${query}`}>
            {translate("ilms.qualityMap.open")}
          </Button>
          <Button variant="outlined" size="small" startIcon={<ShowChartIcon />} component={Link} to={`/charts?q=${query}`}>
            {translate("ilms.menu.charts")}
          </Button>
        </Stack>

        <Typography component="h3" variant="subtitle1" sx={{ mt: 2, fontWeight: 600 }}>
          {translate("ilms.qualityMap.observations")}
        </Typography>
        {withData.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate("ilms.qualityMap.noData")} — {translate("ilms.qualityMap.noneReported")}
          </Typography>
        ) : (
          <Box
            sx={{ maxHeight: 300, overflow: "auto", border: "1px solid #e5e7eb", borderRadius: 1 }}
            tabIndex={0}
            role="region"
            aria-label={translate("ilms.qualityMap.perYear")}
          >
            <Table size="small" stickyHeader aria-label={translate("ilms.qualityMap.perYear")} sx={{ "& td, & th": { px: 1 } }}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate("ilms.import.col.year")}</TableCell>
                  <TableCell align="right">{translate("ilms.qualityMap.completeness")}</TableCell>
                  <TableCell align="right">{translate("ilms.qualityMap.cells")}</TableCell>
                  <TableCell align="right">{translate("ilms.qualityMap.expected")}</TableCell>
                  <TableCell align="right">{translate("ilms.qualityMap.flagged")}</TableCell>
                  <TableCell align="right">{translate("ilms.qualityMap.findings")}</TableCell>
                  <TableCell>{translate("ilms.qualityMap.lastRound")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {withData.map((c) => (
                  <TableRow key={c.time}>
                    <TableCell>{c.time}</TableCell>
                    <TableCell align="right" sx={{ bgcolor: completenessColour(c.completeness) }}>
                      {pct(c.completeness)}
                    </TableCell>
                    <TableCell align="right">{c.observations}</TableCell>
                    <TableCell align="right" data-testid={`expected-${c.time}`}>
                      {expectedText(c)}
                    </TableCell>
                    <TableCell align="right">{pct(c.flaggedShare)}</TableCell>
                    <TableCell align="right">{c.openFindings}</TableCell>
                    <TableCell>{c.lastRoundCode ?? "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
        {withData.some((c) => c.missingCells.length > 0) && (
          <Box data-testid="missing-cells" sx={{ mt: 1 }}>
            {withData
              .filter((c) => c.missingCells.length > 0)
              .map((c) => (
                <details key={c.time}>
                  <summary>
                    {translate("ilms.qualityMap.missingIn", { year: c.time, count: c.expectedCells - c.reportedExpectedCells })}
                  </summary>
                  <Typography component="ul" variant="body2" sx={{ m: 0, pl: 3 }}>
                    {c.missingCells.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </Typography>
                </details>
              ))}
          </Box>
        )}

        <Divider sx={{ my: 2 }} />
        <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
          {translate("ilms.qualityMap.findings")}
        </Typography>
        {open && table && (
          <Findings refArea={refArea} table={table.id} years={years} codelists={(table.dimensions ?? []).map((d) => d.codelistId)} />
        )}

        <Divider sx={{ my: 2 }} />
        <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {translate("ilms.qualityMap.sources")}
        </Typography>
        {(sources ?? []).map((s) => (
          <Box key={s.id} sx={{ border: "1px solid #e5e7eb", borderRadius: 1, p: 1.5, my: 1 }}>
            <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
              <Typography variant="subtitle2">
                {s.code} — {s.name}
              </Typography>
              <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
                <ComparabilityChip value={s.comparability} />
                <IconButton
                  size="small"
                  component={Link}
                  to={`/sources/${encodeURIComponent(String(s.id))}`}
                  aria-label={`Edit source ${s.code}`}
                >
                  <EditIcon fontSize="small" />
                </IconButton>
              </Stack>
            </Stack>
            <Box
              component="dl"
              sx={{
                display: "grid",
                gridTemplateColumns: "180px 1fr",
                columnGap: 2,
                rowGap: 0.25,
                m: 0,
                mt: 1,
                fontSize: 13,
                "& dt": { color: "text.secondary" },
                "& dd": { m: 0 },
              }}
            >
              {(
                [
                  ["Type", s.sourceType],
                  ["Agency", s.agency],
                  ["Migrant basis", s.migrantBasis === "CBR" ? "Place of birth" : s.migrantBasis === "CCT" ? "Citizenship" : null],
                  ["Coverage", [s.geographicCoverage, s.populationCoverage].filter(Boolean).join(" · ") || null],
                  ["Age floor", s.ageFloor],
                  [
                    "Irregular migrants",
                    s.irregularMigrantsCovered === null ? null : s.irregularMigrantsCovered ? "covered" : "not covered",
                  ],
                  ["Reference period", s.referencePeriod],
                  ["Periodicity", s.periodicity],
                  [
                    "Sample size / CV",
                    [s.sampleSize, s.coefficientOfVariation].filter((v) => v !== null && v !== undefined).join(" / ") || null,
                  ],
                  ["Comparability note", s.comparabilityNote],
                  ["Known gaps", s.knownGaps],
                  ["Series breaks", s.seriesBreaks],
                ] as [string, unknown][]
              )
                .filter(([, v]) => v !== null && v !== undefined && v !== "")
                .map(([k, v]) => (
                  <Box key={k} sx={{ display: "contents" }}>
                    <dt>{k}</dt>
                    <dd>{String(v)}</dd>
                  </Box>
                ))}
            </Box>
          </Box>
        ))}
        {sourceCodes.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {translate("ilms.qualityMap.noSource")}
          </Typography>
        )}
      </Box>
    </Drawer>
  );
}
