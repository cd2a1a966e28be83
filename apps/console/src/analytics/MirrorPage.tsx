/**
 * Mirror statistics of one corridor: the origin's and the destination's report as two lines per year, the
 * asymmetry (D-O)/(D+O) as a band on its own axis, and the flags that explain why they may differ, per
 * mirror pair of the catalogue.
 */
import { useState } from "react";
import { Alert, Box, Card, CardContent, CircularProgress, Stack, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Title, useTranslate } from "react-admin";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";
import type { CorridorMeasure, MirrorRow } from "../data";
import { AnalyticsControls } from "./AnalyticsControls";
import { FlagChips, thousands, useRegionMembers, useStartCountry } from "./common";

export function MirrorPage() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const members = useRegionMembers();
  // Indonesia to Malaysia when they are members of the active region's group, else its first reporting countries.
  const [pickedOrigin, setOrigin] = useState<string | null>(null);
  const [pickedDestination, setDestination] = useState<string | null>(null);
  const startOrigin = useStartCountry(members, "IDN");
  const origin = pickedOrigin ?? startOrigin ?? "";
  const startDestination = useStartCountry(members, "MYS", origin);
  const destination = pickedDestination ?? startDestination ?? "";
  const [measure, setMeasure] = useState<CorridorMeasure>("EMPLOYMENT_FLOW");
  const [yearFrom, setYearFrom] = useState(2005);
  const [yearTo, setYearTo] = useState(2024);
  const { data, isPending, error } = useQuery({
    queryKey: ["mirror", origin, destination, measure, yearFrom, yearTo],
    queryFn: () => provider.mirror({ origin, destination, measure, yearFrom, yearTo }),
    enabled: origin !== "" && destination !== "" && origin !== destination && yearFrom <= yearTo,
  });
  const pairs = [...new Set((data ?? []).map((r) => r.pair))];
  const name = (code: string) => members.find((c) => c.code === code)?.name ?? code;
  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate("ilms.analytics.mirror.title")} />
      <PageHeader title={translate("ilms.analytics.mirror.title")} intro={translate("ilms.analytics.mirror.intro")} />
      <AnalyticsControls
        id="mirror"
        members={members}
        countries={[
          { key: "origin", label: translate("ilms.analytics.origin"), value: origin, onChange: setOrigin },
          { key: "destination", label: translate("ilms.analytics.destination"), value: destination, onChange: setDestination },
        ]}
        measure={{ value: measure, onChange: setMeasure }}
        years={{ from: yearFrom, to: yearTo, onFrom: setYearFrom, onTo: setYearTo }}
      />
      {error && <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>}
      {isPending && origin !== destination && <CircularProgress aria-label={translate("ilms.common.loading")} />}
      {data && data.every((r) => r.coverage === "NEITHER") && <Alert severity="info">{translate("ilms.analytics.mirror.empty")}</Alert>}
      <Stack spacing={2}>
        {pairs.map((pair) => (
          <PairChart key={pair} rows={(data ?? []).filter((r) => r.pair === pair)} title={`${name(origin)} → ${name(destination)}`} />
        ))}
      </Stack>
    </Box>
  );
}

function PairChart({ rows, title }: { rows: MirrorRow[]; title: string }) {
  const translate = useTranslate();
  const first = rows[0]!;
  const points = rows.map((r) => ({
    time: r.time,
    origin: r.originValue === null ? null : Number(r.originValue),
    destination: r.destinationValue === null ? null : Number(r.destinationValue),
    asymmetry: r.asymmetry,
  }));
  const both = rows.filter((r) => r.coverage === "BOTH");
  return (
    <Card data-pair={first.pair}>
      <CardContent>
        <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {title} · {translate("ilms.analytics.mirror.pair")} {first.originTable} / {first.destinationTable}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {first.caveat}
        </Typography>
        <FlagChips flags={first.flags} />
        <Box sx={{ height: 300, mt: 1 }} role="img" aria-label={`${title}: both reports per year, ${both.length} years reported by both`}>
          <ResponsiveContainer>
            <ComposedChart data={points} margin={{ top: 10, right: 20, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
              <XAxis dataKey="time" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
              <YAxis yAxisId="persons" />
              <YAxis yAxisId="asymmetry" orientation="right" domain={[-1, 1]} />
              <Tooltip formatter={(v) => (typeof v === "number" ? thousands(v) : String(v))} />
              <Legend />
              <Area
                yAxisId="asymmetry"
                dataKey="asymmetry"
                name={translate("ilms.analytics.mirror.asymmetry")}
                fill="#fde68a"
                stroke="#b45309"
                fillOpacity={0.5}
                connectNulls={false}
              />
              <Line
                yAxisId="persons"
                dataKey="origin"
                name={translate("ilms.analytics.mirror.originLine")}
                stroke="#1e3a8a"
                strokeWidth={2}
              />
              <Line
                yAxisId="persons"
                dataKey="destination"
                name={translate("ilms.analytics.mirror.destinationLine")}
                stroke="#be185d"
                strokeWidth={2}
                strokeDasharray="6 3"
              />
            </ComposedChart>
          </ResponsiveContainer>
        </Box>
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="mirror-coverage">
          {(["BOTH", "ORIGIN_ONLY", "DESTINATION_ONLY", "NEITHER"] as const)
            .map((c) => `${translate(`ilms.analytics.coverage.${c}`)}: ${rows.filter((r) => r.coverage === c).length}`)
            .join(" · ")}
        </Typography>
      </CardContent>
    </Card>
  );
}
