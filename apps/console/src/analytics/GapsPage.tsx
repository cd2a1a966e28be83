/**
 * The data-gaps map: per member of the active region's group, what the warehouse lacks against the questionnaire (tables and years),
 * the sources lacking quality fields or full comparability, where breaks cluster and the largest mirror
 * asymmetries; below, a country's stored check findings with their kinds, filterable by kind.
 */
import { useState } from "react";
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  FormControl,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { Title, useTranslate } from "react-admin";
import { CodedText, useCodeLabels } from "../common/codeLabels";
import { PageHeader } from "../common/PageHeader";
import { useIlmsProvider } from "../common/useIlmsProvider";
import { useActiveRegion } from "../layout/branding";
import type { CountryGaps } from "../data";
import { AnalyticsControls, CountrySelect } from "./AnalyticsControls";
import { thousands, useRegionMembers, useStartCountry } from "./common";

/** Years as ranges people read: 2015–2017, 2020. */
function yearRanges(years: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < years.length; i++) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    out.push(j > i ? `${years[i]}–${years[j]}` : String(years[i]));
    i = j;
  }
  return out.join(", ");
}

const KINDS = ["additivity", "coherence", "partial-coverage", "subset", "self-counterpart", "break"] as const;

export function GapsPage() {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const members = useRegionMembers();
  const region = useActiveRegion();
  const [yearFrom, setYearFrom] = useState(2015);
  const [yearTo, setYearTo] = useState(2024);
  const { data, isPending, error } = useQuery({
    queryKey: ["gaps", yearFrom, yearTo],
    queryFn: () => provider.gaps({ yearFrom, yearTo }),
    enabled: yearFrom <= yearTo,
  });
  const name = (code: string) => members.find((c) => c.code === code)?.name ?? code;
  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate("ilms.analytics.gaps.title")} />
      <PageHeader
        title={translate("ilms.analytics.gaps.title")}
        intro={translate("ilms.analytics.gaps.intro", { region: region.group ?? "" })}
      />
      <AnalyticsControls id="gaps" years={{ from: yearFrom, to: yearTo, onFrom: setYearFrom, onTo: setYearTo }} />
      {error && <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>}
      {isPending && <CircularProgress aria-label={translate("ilms.common.loading")} />}
      {data && (
        <Card sx={{ mb: 2 }}>
          {/* Scrolls sideways on narrow screens: focusable so that keyboard users can scroll it too. */}
          <CardContent sx={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label={translate("ilms.analytics.gaps.title")}>
            <Table size="small" data-testid="gaps-table">
              <TableHead>
                <TableRow>
                  <TableCell>{translate("ilms.analytics.gaps.country")}</TableCell>
                  <TableCell sx={{ minWidth: 160 }}>{translate("ilms.analytics.gaps.reported")}</TableCell>
                  <TableCell>{translate("ilms.analytics.gaps.absent")}</TableCell>
                  <TableCell>{translate("ilms.analytics.gaps.missing")}</TableCell>
                  <TableCell>{translate("ilms.analytics.gaps.sources")}</TableCell>
                  <TableCell>{translate("ilms.analytics.gaps.comparability")}</TableCell>
                  <TableCell>{translate("ilms.analytics.gaps.breaks")}</TableCell>
                  <TableCell>{translate("ilms.analytics.gaps.asymmetries")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.countries.map((c) => (
                  <GapRow key={c.country} gaps={c} name={name} />
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      <Findings members={members.map((m) => ({ code: m.code, name: m.name }))} yearFrom={yearFrom} yearTo={yearTo} />
    </Box>
  );
}

function GapRow({ gaps: c, name }: { gaps: CountryGaps; name: (code: string) => string }) {
  const translate = useTranslate();
  const none = translate("ilms.analytics.gaps.none");
  const share = c.expected > 0 ? c.reported / c.expected : 0;
  const partial = c.missing.filter((m) => m.reportedYears.length > 0);
  return (
    <TableRow data-country={c.country} sx={{ verticalAlign: "top" }}>
      <TableCell component="th" scope="row" sx={{ fontWeight: 600, whiteSpace: "nowrap" }}>
        {name(c.country)}
      </TableCell>
      <TableCell>
        {c.reported} / {c.expected}
        <LinearProgress variant="determinate" value={share * 100} aria-label={`${Math.round(share * 100)}% reported`} sx={{ mt: 0.5 }} />
      </TableCell>
      <TableCell>
        {c.tablesAbsent.length === 0 ? none : `${c.tablesAbsent.length} of ${c.expected / Math.max(1, c.years.length)}`}
        <Typography variant="caption" component="div" color="text.secondary">
          {c.missing
            .filter((m) => m.reportedYears.length === 0)
            .map((m) => (
              <abbr key={m.table} title={m.title} style={{ textDecoration: "none", marginRight: 6 }}>
                {m.table}
              </abbr>
            ))}
        </Typography>
      </TableCell>
      <TableCell>
        {partial.length === 0
          ? none
          : partial.map((m) => (
              <div key={m.table} title={m.title}>
                table {m.table}: {yearRanges(m.missingYears)}
              </div>
            ))}
      </TableCell>
      <TableCell>
        {c.sourcesLackingQuality.length === 0
          ? none
          : c.sourcesLackingQuality.map((s) => (
              <div key={s.source}>
                {s.name} ({s.source}): {s.missingFields.join(", ")}
              </div>
            ))}
      </TableCell>
      <TableCell>
        {c.comparability.length === 0
          ? none
          : c.comparability.map((s) => (
              <div key={s.source} title={s.note ?? undefined}>
                {s.name} ({s.source}): {s.comparability.replace("_", " ")}
              </div>
            ))}
      </TableCell>
      <TableCell>
        {c.breakClusters.length === 0
          ? none
          : c.breakClusters.slice(0, 6).map((b) => (
              <div key={`${b.table} ${b.time}`}>
                table {b.table}, {b.time}: {b.breaks}
              </div>
            ))}
      </TableCell>
      <TableCell>
        {c.asymmetries.length === 0
          ? none
          : c.asymmetries.slice(0, 5).map((a) => (
              <div key={`${a.pair} ${a.origin} ${a.destination} ${a.time}`}>
                {name(a.origin)} → {name(a.destination)} {a.time}: {thousands(a.originValue)} / {thousands(a.destinationValue)} (
                {a.asymmetry?.toFixed(2)})
              </div>
            ))}
      </TableCell>
    </TableRow>
  );
}

/** A country's stored findings in words, with their kind, filterable by kind. */
function Findings({ members, yearFrom, yearTo }: { members: { code: string; name: string }[]; yearFrom: number; yearTo: number }) {
  const translate = useTranslate();
  const provider = useIlmsProvider();
  const labels = useCodeLabels(["SEX", "AREA"]);
  const start = useStartCountry(members, "IDN");
  const [picked, setCountry] = useState<string | null>(null);
  const country = picked ?? start ?? "";
  const [kind, setKind] = useState<string>("");
  const { data, isPending } = useQuery({
    queryKey: ["countryFindings", country, yearFrom, yearTo],
    queryFn: () => provider.countryFindings({ refArea: country, timeFrom: yearFrom, timeTo: yearTo }),
    enabled: country !== "",
  });
  const shown = (data ?? []).filter((f) => !kind || f.check === kind);
  const kindLabel = (k: string) => translate(`ilms.analytics.kinds.${k}`, { _: k });
  return (
    <Card>
      <CardContent>
        <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
          {translate("ilms.analytics.gaps.findings")}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ mb: 1 }}>
          <CountrySelect
            id="findings-country"
            label={translate("ilms.analytics.gaps.country")}
            members={members}
            value={country}
            onChange={setCountry}
          />
          <FormControl size="small" sx={{ width: 260 }}>
            <InputLabel id="findings-kind">{translate("ilms.analytics.gaps.kind")}</InputLabel>
            <Select
              labelId="findings-kind"
              label={translate("ilms.analytics.gaps.kind")}
              value={kind}
              onChange={(e) => setKind(String(e.target.value))}
            >
              <MenuItem value="">{translate("ilms.analytics.gaps.allKinds")}</MenuItem>
              {KINDS.map((k) => (
                <MenuItem key={k} value={k}>
                  {kindLabel(k)} ({(data ?? []).filter((f) => f.check === k).length})
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </Stack>
        {isPending && <CircularProgress aria-label={translate("ilms.common.loading")} />}
        <Table size="small" data-testid="findings-table">
          <TableBody>
            {shown.slice(0, 100).map((f) => (
              <TableRow key={f.id} data-kind={f.check}>
                <TableCell sx={{ whiteSpace: "nowrap" }}>
                  <Chip size="small" label={kindLabel(f.check)} color={f.severity === "warning" ? "warning" : "default"} />
                </TableCell>
                <TableCell>{f.time}</TableCell>
                <TableCell>
                  <CodedText text={f.message} labels={labels} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
