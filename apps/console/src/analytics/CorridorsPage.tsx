/**
 * Corridors: the origin x destination heat-map of one measure and year within the active region's group (dated membership), from
 * the destination's report, the origin's, or both; a year slider; a click on a cell opens its series (both
 * reports year by year) with the source and round of every value.
 */
import { useMemo, useState } from "react";
import {
  Alert,
  Box,
  Card,
  CardContent,
  CircularProgress,
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
import { useQuery } from "@tanstack/react-query";
import { Title, useTranslate } from "react-admin";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";
import { useActiveRegion } from "../layout/branding";
import type { CorridorCell, CorridorMeasure, CorridorSide } from "../data";
import { AnalyticsControls } from "./AnalyticsControls";
import { FlagChips, heat, isMemberIn, thousands, useRegionMembers } from "./common";

const FIRST_YEAR = 2000;
const LAST_YEAR = 2025;

export function CorridorsPage() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const members = useRegionMembers();
  const region = useActiveRegion();
  const [measure, setMeasure] = useState<CorridorMeasure>("EMPLOYMENT_FLOW");
  const [side, setSide] = useState<CorridorSide>("BOTH");
  const [year, setYear] = useState(2019);
  const [picked, setPicked] = useState<{ origin: string; destination: string } | null>(null);
  const { data, isPending, error } = useQuery({
    queryKey: ["corridors", measure, side, year],
    queryFn: () => provider.corridors({ measure, side, year }),
  });
  const countries = members.filter((c) => isMemberIn(c, year));
  const name = (code: string) => members.find((c) => c.code === code)?.name ?? code;
  const byPair = useMemo(() => new Map((data?.cells ?? []).map((c) => [`${c.origin} ${c.destination}`, c])), [data]);
  const max = Math.max(0, ...(data?.cells ?? []).map((c) => Number(c.value)));
  const total = (list: readonly { country: string; value: string }[] | undefined, code: string) =>
    list?.find((t) => t.country === code)?.value ?? null;

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate("ilms.analytics.corridors.title")} />
      <PageHeader
        title={translate("ilms.analytics.corridors.title")}
        intro={translate("ilms.analytics.corridors.intro", { region: region.group ?? "" })}
      />
      <AnalyticsControls
        id="corridor"
        spacing={3}
        measure={{ value: measure, onChange: setMeasure }}
        side={{ value: side, onChange: setSide }}
        year={{ value: year, min: FIRST_YEAR, max: LAST_YEAR, onChange: setYear }}
      />
      {error && <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>}
      {isPending && <CircularProgress aria-label={translate("ilms.common.loading")} />}
      {data && data.cells.length === 0 && <Alert severity="info">{translate("ilms.analytics.corridors.empty")}</Alert>}
      {data && (
        <Card>
          {/* Scrolls sideways on narrow screens: focusable so that keyboard users can scroll it too. */}
          <CardContent sx={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label={translate("ilms.analytics.corridors.title")}>
            <Table size="small" aria-label={`${translate(`ilms.analytics.measures.${measure}`)}, ${year}`} data-testid="corridor-matrix">
              <TableHead>
                <TableRow>
                  <TableCell>
                    {translate("ilms.analytics.origin")} ↓ / {translate("ilms.analytics.destination")} →
                  </TableCell>
                  {countries.map((d) => (
                    <TableCell key={d.code} align="right" sx={{ fontWeight: 600 }}>
                      {d.name}
                    </TableCell>
                  ))}
                  <TableCell align="right" sx={{ fontWeight: 700 }}>
                    {translate("ilms.analytics.corridors.total")}
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {countries.map((o) => (
                  <TableRow key={o.code}>
                    <TableCell component="th" scope="row" sx={{ fontWeight: 600, whiteSpace: "nowrap" }}>
                      {o.name}
                    </TableCell>
                    {countries.map((d) => {
                      const cell = byPair.get(`${o.code} ${d.code}`);
                      const colours = cell ? heat(Number(cell.value), max) : heat(0, max);
                      return (
                        <TableCell
                          key={d.code}
                          align="right"
                          sx={{ ...colours, cursor: cell ? "pointer" : "default", minWidth: 72 }}
                          data-cell={`${o.code}-${d.code}`}
                          onClick={() => cell && setPicked({ origin: o.code, destination: d.code })}
                        >
                          {o.code === d.code ? "" : cell ? <CellText cell={cell} name={name} /> : "–"}
                        </TableCell>
                      );
                    })}
                    <TableCell align="right" sx={{ fontWeight: 700 }}>
                      {thousands(total(data.rowTotals, o.code))}
                    </TableCell>
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell component="th" scope="row" sx={{ fontWeight: 700 }}>
                    {translate("ilms.analytics.corridors.total")}
                  </TableCell>
                  {countries.map((d) => (
                    <TableCell key={d.code} align="right" sx={{ fontWeight: 700 }}>
                      {thousands(total(data.columnTotals, d.code))}
                    </TableCell>
                  ))}
                  <TableCell />
                </TableRow>
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      <Drawer anchor="right" open={picked !== null} onClose={() => setPicked(null)}>
        {picked && <CorridorSeries {...picked} measure={measure} name={name} onClose={() => setPicked(null)} />}
      </Drawer>
    </Box>
  );
}

/** A cell's value, the side it comes from when both are shown. */
function CellText({ cell, name }: { cell: CorridorCell; name: (code: string) => string }) {
  const reporter = cell.side === "ORIGIN" ? cell.origin : cell.destination;
  return (
    <button
      type="button"
      style={{ all: "unset", cursor: "pointer" }}
      aria-label={`${name(cell.origin)} to ${name(cell.destination)}: ${thousands(cell.value)} thousand, reported by ${name(reporter)}`}
    >
      {thousands(cell.value)}
      {cell.flags.includes("BOTH_REPORTED") ? " ⇄" : ""}
    </button>
  );
}

/** One corridor's series: both reports per year, with their sources and rounds. */
function CorridorSeries(props: {
  origin: string;
  destination: string;
  measure: CorridorMeasure;
  name: (code: string) => string;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const { data, isPending } = useQuery({
    queryKey: ["corridorSeries", props.origin, props.destination, props.measure],
    queryFn: () =>
      provider.mirror({ origin: props.origin, destination: props.destination, yearFrom: 1980, yearTo: LAST_YEAR, measure: props.measure }),
  });
  const rows = (data ?? []).filter((r) => r.pair === (data ?? [])[0]?.pair);
  return (
    <Box sx={{ width: 560, p: 2 }} role="dialog" aria-label={translate("ilms.analytics.corridors.series")}>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
        <Typography component="h2" variant="h6">
          {props.name(props.origin)} → {props.name(props.destination)}
        </Typography>
        <IconButton aria-label={translate("ilms.analytics.corridors.close")} onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate(`ilms.analytics.measures.${props.measure}`)} · {rows[0]?.caveat}
      </Typography>
      {isPending && <CircularProgress aria-label={translate("ilms.common.loading")} />}
      <Table size="small" data-testid="corridor-series">
        <TableHead>
          <TableRow>
            <TableCell>{translate("ilms.analytics.year")}</TableCell>
            <TableCell align="right">{translate("ilms.analytics.mirror.originLine")}</TableCell>
            <TableCell align="right">{translate("ilms.analytics.mirror.destinationLine")}</TableCell>
            <TableCell>{translate("ilms.analytics.corridors.sourcesRounds")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.time}>
              <TableCell>{r.time}</TableCell>
              <TableCell align="right">{thousands(r.originValue)}</TableCell>
              <TableCell align="right">{thousands(r.destinationValue)}</TableCell>
              <TableCell>
                {[
                  r.originSource && `table ${r.originTable}: ${r.originSource} (${r.originRound})`,
                  r.destinationSource && `table ${r.destinationTable}: ${r.destinationSource} (${r.destinationRound})`,
                ]
                  .filter(Boolean)
                  .join("; ")}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {rows[0] && (
        <Box sx={{ mt: 1 }}>
          <FlagChips flags={rows[0].flags} />
        </Box>
      )}
    </Box>
  );
}
