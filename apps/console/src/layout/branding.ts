/** The active region's name and logo for the app bar, the sign-in page and the page title. */
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useLocaleState, useTranslate } from "react-admin";
import { fetchBranding } from "../data";

export interface Brand {
  /** The region's branding name in the console's language; the console's own name without a region. */
  name: string;
  logoUrl: string | null;
  /** Code of the region's country group (`ASEAN`), for the subtitle. */
  group: string;
}

export function useBrand(): Brand {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useQuery({ queryKey: ["branding", locale], queryFn: () => fetchBranding(locale), staleTime: Infinity });
  return {
    name: data?.branding.name ?? translate("ilms.title"),
    logoUrl: data?.branding.logoUrl ?? null,
    group: data?.group ?? "ASEAN",
  };
}

/** Keeps the browser tab's title on the region's name. */
export function useDocumentTitle(name: string): void {
  useEffect(() => {
    document.title = name;
  }, [name]);
}
