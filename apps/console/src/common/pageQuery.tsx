/**
 * The `?q=` of the Observations and Charts pages: a JSON filter that links from the quality map (or another
 * page's filter) carry. A new `?q=` starts the page afresh from it.
 */
import { useMemo } from "react";
import type { ComponentType } from "react";
import { useSearchParams } from "react-router-dom";

/** What a `?q=` may set on arrival. */
export interface PageQuery {
  table?: number;
  refArea?: string;
  timeFrom?: number;
  timeTo?: number;
}

/** The page `View`, mounted anew for each `?q=`. */
export function KeyedByQuery({ view: View }: { view: ComponentType }) {
  const [params] = useSearchParams();
  return <View key={params.get("q") ?? ""} />;
}

/** The `?q=` as parsed; empty when absent or not JSON. */
export function usePageQuery(): PageQuery {
  const [params] = useSearchParams();
  return useMemo(() => {
    try {
      return JSON.parse(params.get("q") ?? "{}") as PageQuery;
    } catch {
      return {};
    }
  }, [params]);
}
