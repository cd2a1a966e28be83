/**
 * What the analytics pages share: the members of the active region's group in a year (dated membership), the
 * heat scale, the flags.
 */
import { useMemo } from "react";
import { Chip, Stack, Tooltip } from "@mui/material";
import { useGetList, useTranslate } from "react-admin";
import type { CountryGroup } from "../data";
import { useActiveRegion } from "../layout/branding";
import type { Brand } from "../layout/branding";

export interface Country {
  code: string;
  name: string;
  /** First and last year of membership (last null while a member). */
  from: number;
  to: number | null;
}

/**
 * The code of the group the pickers show: the active region's, or the first group when the warehouse has no
 * region applied (undefined while either is asked).
 */
export function regionGroupOf(region: Brand, groups: readonly { code: string }[] | undefined): string | undefined {
  if (!region.ready) return undefined;
  return region.group ?? groups?.[0]?.code;
}

/** The members of the active region's group (`ILMS_REGION`) with their membership years, in code order. */
export function useRegionMembers(): Country[] {
  const region = useActiveRegion();
  const { data } = useGetList<CountryGroup & { id: string }>("countryGroups", {
    pagination: { page: 1, perPage: 100 },
    sort: { field: "code", order: "ASC" },
  });
  return useMemo(() => {
    const code = regionGroupOf(region, data);
    const group = data?.find((g) => g.code === code);
    const byCode = new Map<string, Country>();
    for (const m of group?.members ?? []) {
      const from = Number(String(m.validFrom).slice(0, 4));
      const to = m.validTo ? Number(String(m.validTo).slice(0, 4)) : null;
      const known = byCode.get(m.country.code);
      byCode.set(m.country.code, {
        code: m.country.code,
        name: m.country.name,
        from: Math.min(from, known?.from ?? from),
        to: known && (known.to === null || to === null) ? null : to,
      });
    }
    return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  }, [data, region.ready, region.group]);
}

/**
 * The country a picker starts on: `preferred` (a page's customary start, e.g. the country with the most
 * corridors in the demo sample) when it is a member of the active region's group, else the first of the
 * active region's reporting countries that is a member, else the first member; null until the members are in.
 */
export function useStartCountry(members: readonly Pick<Country, "code">[], preferred?: string, skip?: string | null): string | null {
  const region = useActiveRegion();
  const codes = members.map((m) => m.code).filter((c) => c !== skip);
  if (codes.length === 0) return null;
  if (preferred && codes.includes(preferred)) return preferred;
  return region.reportingCountries.find((c) => codes.includes(c)) ?? codes[0]!;
}

export const isMemberIn = (c: Country, year: number) => c.from <= year && (c.to === null || c.to >= year);

/**
 * A cell's background on a logarithmic blue scale (persons span orders of magnitude), and a text colour
 * with enough contrast on it.
 */
export function heat(value: number, max: number): { background: string; color: string } {
  if (!(value > 0) || !(max > 0)) return { background: "#ffffff", color: "#1f2937" };
  const t = Math.min(1, Math.log10(1 + value) / Math.log10(1 + max));
  const light = Math.round(96 - t * 66); // 96% (pale) .. 30% (dark)
  return { background: `hsl(217, 70%, ${light}%)`, color: light < 55 ? "#ffffff" : "#111827" };
}

/** Thousands of persons, as people read them. */
export const thousands = (v: string | number | null | undefined) =>
  v === null || v === undefined ? "–" : Number(v).toLocaleString("en", { maximumFractionDigits: 3 });

/** The mirror flags as chips, each with its explanation. */
export function FlagChips({ flags }: { flags: readonly string[] }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: "wrap" }}>
      {flags.map((f) => {
        const text = translate(`ilms.analytics.flags.${f}`, { _: f });
        return (
          <Tooltip key={f} title={text}>
            <Chip size="small" variant="outlined" color="warning" label={text.split(":")[0]} data-flag={f} />
          </Tooltip>
        );
      })}
    </Stack>
  );
}
