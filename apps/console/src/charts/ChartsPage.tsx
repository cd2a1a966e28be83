/**
 * Charts for one table and country: a time series by sex for one breakdown code (the total by default) and
 * the breakdown for one year. Flagged values are drawn with their status letter so a break or an estimate is
 * never mistaken for a plain figure. Years sit on a true time axis (a gap of four years is four times as wide as
 * one), over the range asked for (`q={"timeFrom":2015,"timeTo":2024}` from the quality map's cell panel).
 */
import { useMemo, useState } from "react";
import {
  Alert,
  Autocomplete,
  Box,
  Card,
  CardContent,
  CircularProgress,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Title, useGetList, useTranslate } from "react-admin";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";
import { KeyedByQuery, usePageQuery } from "../common/pageQuery";
import { regionGroupOf, useStartCountry } from "../analytics/common";
import { useActiveRegion } from "../layout/branding";
import type { Observation } from "../data";

const SEX_COLOUR: Record<string, string> = { SEX_T: "#1e3a8a", SEX_F: "#be185d", SEX_M: "#0f766e" };
const SEX_LABEL: Record<string, string> = { SEX_T: "Total", SEX_F: "Women", SEX_M: "Men" };

type Obs = Observation;

const keyOf = (o: Obs) => [o.classif1, o.classif2].filter(Boolean).join(" / ") || "(no breakdown)";
const isTotal = (k: string) => k === "(no breakdown)" || k.split(" / ").every((p) => p.endsWith("_TOTAL"));

function labelOf(o: Obs): string {
  const parts = o.dimensions.filter((d) => d.dimension !== "refArea" && d.dimension !== "sex" && d.label);
  return parts.map((d) => d.label).join(" / ") || keyOf(o);
}

/** A dot that prints the status flag next to flagged values. */
function FlagDot(props: { cx?: number; cy?: number; stroke?: string; payload?: Record<string, unknown>; dataKey?: string }) {
  const { cx, cy, stroke, payload, dataKey } = props;
  if (cx === undefined || cy === undefined || !payload || !dataKey) return null;
  const flag = payload[`${dataKey}__flag`] as string | undefined;
  return (
    <g>
      <circle
        data-year={String(payload.time)}
        cx={cx}
        cy={cy}
        r={flag ? 5 : 3}
        fill={flag ? "#fff" : stroke}
        stroke={stroke}
        strokeWidth={2}
      />
      {flag && (
        <text x={cx} y={cy - 9} textAnchor="middle" fontSize={11} fontWeight={700} fill="#9a3412">
          {flag}
        </text>
      )}
    </g>
  );
}

/** A new `?q=` (a link from the map, another page's filter) starts the page afresh from it. */
export function ChartsPage() {
  return <KeyedByQuery view={ChartsView} />;
}

function ChartsView() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const initial = usePageQuery();
  const [tableId, setTableId] = useState(initial.table ?? 15);
  const region = useActiveRegion();
  const [picked, setRefArea] = useState<string | null>(initial.refArea ?? null);
  const [breakdown, setBreakdown] = useState<string | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const [timeFrom, setTimeFrom] = useState<number | undefined>(initial.timeFrom);
  const [timeTo, setTimeTo] = useState<number | undefined>(initial.timeTo);
  const { data: tables } = useGetList("tables", { pagination: { page: 1, perPage: 100 }, sort: { field: "id", order: "ASC" } });
  const { data: groups } = useGetList("countryGroups", { pagination: { page: 1, perPage: 100 }, sort: { field: "code", order: "ASC" } });
  // The countries of the active region's group; the chart starts on Indonesia when it is one of them, else on
  // the region's first reporting country.
  const countries = useMemo(() => {
    const code = regionGroupOf(region, groups);
    const group = groups?.find((g) => g.code === code);
    return [
      ...new Map(
        ((group?.members ?? []) as { country: { code: string; name: string } }[]).map((m) => [m.country.code, m.country]),
      ).values(),
    ];
  }, [groups, region.ready, region.group]);
  const start = useStartCountry(countries, "IDN");
  const refArea = picked ?? start ?? "";

  const { data, isPending, error } = useQuery({
    queryKey: ["series", tableId, refArea, timeFrom, timeTo],
    queryFn: () => provider.series({ table: tableId, refArea, timeFrom, timeTo }),
    enabled: refArea !== "",
  });
  const obs = data ?? [];
  const keys = useMemo(() => {
    const labels = new Map<string, string>();
    for (const o of obs) if (!labels.has(keyOf(o))) labels.set(keyOf(o), labelOf(o));
    return [...labels.entries()].sort((a, b) => Number(isTotal(b[0])) - Number(isTotal(a[0])) || a[0].localeCompare(b[0]));
  }, [obs]);
  const chosen = breakdown && keys.some(([k]) => k === breakdown) ? breakdown : (keys[0]?.[0] ?? null);
  const sexes = [...new Set(obs.map((o) => o.sex))].sort();
  const years = [...new Set(obs.map((o) => o.time))].sort((a, b) => a - b);
  const chosenYear = year && years.includes(year) ? year : (years.at(-1) ?? null);
  // The axis spans the range asked for, or the years with data; one tick a year up to 20 years.
  const domain: [number, number] = [timeFrom ?? years[0] ?? 0, timeTo ?? years.at(-1) ?? 0];
  const span = domain[1] - domain[0];
  const step = span <= 20 ? 1 : Math.ceil(span / 20);
  const ticks = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => domain[0] + i * step);

  const series = useMemo(() => {
    const byYear = new Map<number, Record<string, unknown>>();
    for (const o of obs) {
      if (keyOf(o) !== chosen) continue;
      const row = byYear.get(o.time) ?? { time: o.time };
      row[o.sex] = o.value;
      if (o.obsStatus) row[`${o.sex}__flag`] = o.obsStatus;
      byYear.set(o.time, row);
    }
    return [...byYear.values()].sort((a, b) => (a.time as number) - (b.time as number));
  }, [obs, chosen]);

  const bars = useMemo(() => {
    const byKey = new Map<string, Record<string, unknown>>();
    for (const o of obs) {
      if (o.time !== chosenYear || isTotal(keyOf(o))) continue;
      const row = byKey.get(keyOf(o)) ?? { key: keyOf(o), label: labelOf(o) };
      row[o.sex] = o.value;
      if (o.obsStatus) row[`${o.sex}__flag`] = o.obsStatus;
      byKey.set(keyOf(o), row);
    }
    const total = (r: Record<string, unknown>) => sexes.reduce((n, s) => n + (typeof r[s] === "number" ? (r[s] as number) : 0), 0);
    return [...byKey.values()].sort((a, b) => total(b) - total(a)).slice(0, 20);
  }, [obs, chosenYear, sexes]);
  const table = tables?.find((t) => t.id === tableId);
  const flagged = obs.filter((o) => o.obsStatus).length;

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate("ilms.charts.title")} />
      <PageHeader
        title={translate("ilms.charts.title")}
        intro={`${translate("ilms.charts.flags")} ${table ? `Unit: ${table.unit}.` : ""}`}
      />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
            <FormControl size="small" sx={{ width: 380 }}>
              <InputLabel id="chart-table">{translate("ilms.charts.table")}</InputLabel>
              <Select
                labelId="chart-table"
                label={translate("ilms.charts.table")}
                value={tables ? tableId : ""}
                onChange={(e) => setTableId(Number(e.target.value))}
              >
                {(tables ?? []).map((t) => (
                  <MenuItem key={t.id} value={t.id}>
                    {t.id}. {t.title}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <FormControl size="small" sx={{ width: 280 }}>
              <InputLabel id="chart-country">{translate("ilms.charts.country")}</InputLabel>
              <Select
                labelId="chart-country"
                label={translate("ilms.charts.country")}
                value={countries.length ? refArea : ""}
                onChange={(e) => setRefArea(String(e.target.value))}
              >
                {countries.map((c) => (
                  <MenuItem key={c.code} value={c.code}>
                    {c.code} {c.name}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <Autocomplete
              size="small"
              options={keys.map(([k]) => k)}
              value={chosen}
              onChange={(_e, v) => setBreakdown(v)}
              getOptionLabel={(k) => keys.find(([x]) => x === k)?.[1] ?? k}
              renderInput={(p) => <TextField {...p} label={translate("ilms.charts.seriesOf")} />}
              sx={{ width: 360 }}
            />
            <TextField
              size="small"
              type="number"
              label={translate("ilms.charts.from")}
              value={timeFrom ?? ""}
              onChange={(e) => setTimeFrom(e.target.value ? Number(e.target.value) : undefined)}
              sx={{ width: 110 }}
            />
            <TextField
              size="small"
              type="number"
              label={translate("ilms.charts.to")}
              value={timeTo ?? ""}
              onChange={(e) => setTimeTo(e.target.value ? Number(e.target.value) : undefined)}
              sx={{ width: 110 }}
            />
            <Typography variant="body2" color="text.secondary">
              {obs.length.toLocaleString()} observations · {flagged} flagged
            </Typography>
          </Stack>
        </CardContent>
      </Card>
      {error && <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>}
      {isPending && <CircularProgress aria-label={translate("ilms.common.loading")} />}
      {!isPending && obs.length === 0 && !error && <Alert severity="info">{translate("ilms.charts.empty")}</Alert>}
      {obs.length > 0 && (
        <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", lg: "1fr 1fr" }, gap: 2 }}>
          <Card>
            <CardContent>
              <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
                {translate("ilms.charts.series")}: {keys.find(([k]) => k === chosen)?.[1]}
              </Typography>
              <Box
                sx={{ height: 360 }}
                role="img"
                aria-label={`Time series of ${keys.find(([k]) => k === chosen)?.[1] ?? ""} for ${refArea}`}
              >
                <ResponsiveContainer>
                  <LineChart data={series} margin={{ top: 20, right: 20, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                    <XAxis dataKey="time" type="number" scale="linear" domain={domain} ticks={ticks} allowDecimals={false} />
                    <YAxis />
                    <Tooltip formatter={(v, name) => [v as number, SEX_LABEL[String(name)] ?? String(name)]} />
                    <Legend formatter={(v: string) => SEX_LABEL[v] ?? v} />
                    {sexes.map((s) => (
                      <Line
                        key={s}
                        type="linear"
                        dataKey={s}
                        stroke={SEX_COLOUR[s] ?? "#6b7280"}
                        strokeWidth={2}
                        dot={<FlagDot />}
                        connectNulls
                        isAnimationActive={false}
                      />
                    ))}
                  </LineChart>
                </ResponsiveContainer>
              </Box>
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
                <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
                  {translate("ilms.charts.breakdown")} {chosenYear}
                </Typography>
                <TextField
                  select
                  size="small"
                  label={translate("ilms.charts.year")}
                  value={chosenYear ?? ""}
                  onChange={(e) => setYear(Number(e.target.value))}
                  sx={{ width: 110 }}
                >
                  {years.map((y) => (
                    <MenuItem key={y} value={y}>
                      {y}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <Box sx={{ height: 360 }} role="img" aria-label={`Breakdown for ${refArea} in ${chosenYear}`}>
                <ResponsiveContainer>
                  <BarChart data={bars} layout="vertical" margin={{ top: 10, right: 20, bottom: 0, left: 10 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                    <XAxis type="number" />
                    <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 11 }} />
                    <Tooltip formatter={(v, name) => [v as number, SEX_LABEL[String(name)] ?? String(name)]} />
                    <Legend formatter={(v: string) => SEX_LABEL[v] ?? v} />
                    {sexes.map((s) => (
                      <Bar key={s} dataKey={s} fill={SEX_COLOUR[s] ?? "#6b7280"} isAnimationActive={false} />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </Box>
            </CardContent>
          </Card>
        </Box>
      )}
    </Box>
  );
}
