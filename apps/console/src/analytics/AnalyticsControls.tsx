/**
 * The controls bar of the analytics pages (Corridors, Mirror statistics, Data gaps): country pickers, the
 * measure, the reporting side, a year slider and a year range, each shown when its page passes it, in that order.
 * Label ids are `<id>-<control>` so that every picker keeps its accessible name.
 */
import {
  Box,
  Card,
  CardContent,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Slider,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from "@mui/material";
import { useTranslate } from "react-admin";
import type { CorridorMeasure, CorridorSide } from "../data";

const MEASURES: CorridorMeasure[] = ["STOCK", "FLOW", "EMPLOYMENT_FLOW"];
const SIDES: CorridorSide[] = ["DESTINATION", "ORIGIN", "BOTH"];

/** A picker of one country among `members`, by name; empty until the members have loaded. */
export function CountrySelect(props: {
  id: string;
  label: string;
  members: readonly { code: string; name: string }[];
  value: string;
  onChange: (code: string) => void;
}) {
  return (
    <FormControl size="small" sx={{ width: 260 }}>
      <InputLabel id={props.id}>{props.label}</InputLabel>
      <Select
        labelId={props.id}
        label={props.label}
        value={props.members.length ? props.value : ""}
        onChange={(e) => props.onChange(String(e.target.value))}
      >
        {props.members.map((c) => (
          <MenuItem key={c.code} value={c.code}>
            {c.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

function YearField({ label, value, onChange }: { label: string; value: number; onChange: (year: number) => void }) {
  return (
    <TextField
      size="small"
      type="number"
      label={label}
      value={value}
      onChange={(e) => onChange(Number(e.target.value))}
      sx={{ width: 110 }}
    />
  );
}

export interface AnalyticsControlsProps {
  /** The page's prefix of label ids (`corridor`, `mirror`, …). */
  id: string;
  /** Country pickers, each `<id>-<key>`. */
  countries?: { key: string; label: string; value: string; onChange: (code: string) => void }[];
  members?: readonly { code: string; name: string }[];
  measure?: { value: CorridorMeasure; onChange: (measure: CorridorMeasure) => void };
  side?: { value: CorridorSide; onChange: (side: CorridorSide) => void };
  /** One year on a slider from `min` to `max`. */
  year?: { value: number; min: number; max: number; onChange: (year: number) => void };
  /** A range of years, from and to. */
  years?: { from: number; to: number; onFrom: (year: number) => void; onTo: (year: number) => void };
  /** Space between the controls (MUI spacing units); 2 unless told. */
  spacing?: number;
}

export function AnalyticsControls(props: AnalyticsControlsProps) {
  const translate = useTranslate();
  const { id, measure, side, year, years } = props;
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent>
        <Stack direction="row" spacing={props.spacing ?? 2} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
          {props.countries?.map((c) => (
            <CountrySelect
              key={c.key}
              id={`${id}-${c.key}`}
              label={c.label}
              members={props.members ?? []}
              value={c.value}
              onChange={c.onChange}
            />
          ))}
          {measure && (
            <FormControl size="small" sx={{ width: 300 }}>
              <InputLabel id={`${id}-measure`}>{translate("ilms.analytics.measure")}</InputLabel>
              <Select
                labelId={`${id}-measure`}
                label={translate("ilms.analytics.measure")}
                value={measure.value}
                onChange={(e) => measure.onChange(e.target.value as CorridorMeasure)}
              >
                {MEASURES.map((m) => (
                  <MenuItem key={m} value={m}>
                    {translate(`ilms.analytics.measures.${m}`)}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
          )}
          {side && (
            <ToggleButtonGroup
              size="small"
              exclusive
              value={side.value}
              onChange={(_e, v: CorridorSide | null) => v && side.onChange(v)}
              aria-label={translate("ilms.analytics.side")}
            >
              {SIDES.map((s) => (
                <ToggleButton key={s} value={s}>
                  {translate(`ilms.analytics.sides.${s}`)}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          )}
          {year && (
            <Box sx={{ width: 360, px: 1 }}>
              <Typography id={`${id}-year`} variant="body2" color="text.secondary">
                {translate("ilms.analytics.year")}: <strong>{year.value}</strong>
              </Typography>
              <Slider
                aria-labelledby={`${id}-year`}
                min={year.min}
                max={year.max}
                step={1}
                value={year.value}
                valueLabelDisplay="auto"
                onChange={(_e, v) => year.onChange(v as number)}
              />
            </Box>
          )}
          {years && (
            <>
              <YearField label={translate("ilms.analytics.from")} value={years.from} onChange={years.onFrom} />
              <YearField label={translate("ilms.analytics.to")} value={years.to} onChange={years.onTo} />
            </>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
