/**
 * The active region (the API's `ILMS_REGION`): its name and logo for the app bar, the sign-in page and the page
 * title, and its country group and reporting countries, which every country picker starts on.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useLocaleState, useTranslate } from "react-admin";
import { fetchBranding } from "../data";

export interface Brand {
  /** The region's branding name in the console's language; the console's own name without a region. */
  name: string;
  logoUrl: string | null;
  /**
   * Code of the active region's country group (`ECOWAS`), for the subtitle and the pickers; null while it is
   * asked and when the warehouse has no region applied.
   */
  group: string | null;
  /** The active region's reporting countries (ISO alpha-3, in its file's order); empty while asked. */
  reportingCountries: readonly string[];
  /** Whether the answer is in (the pickers wait for it rather than start on some other group). */
  ready: boolean;
}

/** The active region, asked once per language (one query shared by the app bar and every page). */
export function useBrand(): Brand {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending } = useQuery({ queryKey: ["branding", locale], queryFn: () => fetchBranding(locale), staleTime: Infinity });
  return {
    name: data?.branding.name ?? translate("ilms.title"),
    logoUrl: data?.branding.logoUrl ?? null,
    group: data?.group ?? null,
    reportingCountries: data?.reportingCountries ?? [],
    ready: !isPending,
  };
}

/** The active region's group, the one every country picker starts on (its name in the app bar). */
export const useActiveRegion = useBrand;

/** Keeps the browser tab's title on the region's name. */
export function useDocumentTitle(name: string): void {
  useEffect(() => {
    document.title = name;
  }, [name]);
}
