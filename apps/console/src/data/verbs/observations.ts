/**
 * Observations: one page of a table (walked by cursor), every row for a chart, a code list's labels, and the
 * export of what a filter selects in the server's formats (`GET /export`, the product's only exporter).
 */
import { walkAll, walkToPage } from "../cursors";
import { graphql } from "../graphql";
import type { ResultOf, VariablesOf } from "../graphql";
import { authorizedFetch, ApiError } from "../transport";
import { request } from "../transport";

const ObservationFields = graphql(`
  fragment ObservationFields on Observation {
    table
    refArea
    indicator
    sex
    classif1
    classif2
    time
    obsValue
    value
    obsStatus
    source
    roundCode
    noteClassif
    noteIndicator
    noteSource
    dimensions {
      dimension
      code
      label
    }
  }
`);

const Observations = graphql(
  `
    query Observations($filter: ObservationFilterInput!, $first: Int, $after: String, $asOfRound: String) {
      observations(filter: $filter, first: $first, after: $after, asOfRound: $asOfRound) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...ObservationFields
        }
      }
    }
  `,
  [ObservationFields],
);

const CodeLabels = graphql(`
  query CodeLabels($id: ID!) {
    codelist(id: $id) {
      codes {
        code
        label
      }
    }
  }
`);

export type Observation = ResultOf<typeof ObservationFields>;
export type ObservationFilter = VariablesOf<typeof Observations>["filter"];
export type ExportFormat = "ilostat-csv" | "csv" | "xlsx";

export interface ObservationPage {
  data: (Observation & { id: string })[];
  total: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The URL of the server's export of what `filter` selects (the route answers the file as an attachment). */
export function exportUrl(filter: ObservationFilter, format: ExportFormat, asOfRound?: string | null): string {
  const query = new URLSearchParams({ table: String(filter.table ?? ""), format, filter: JSON.stringify(filter) });
  if (asOfRound) query.set("asOfRound", asOfRound);
  return `/export?${query.toString()}`;
}

/** The file name a `Content-Disposition` header gives, if any. */
function attachmentName(header: string | null): string | null {
  const match = header && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  return match ? decodeURIComponent(match[1]!) : null;
}

export const observationVerbs = {
  /** One page of observations of a table, filtered on any dimension. */
  async observations(args: {
    filter: ObservationFilter;
    page: number;
    perPage: number;
    asOfRound?: string | null;
  }): Promise<ObservationPage> {
    const asOfRound = args.asOfRound ?? null;
    const conn = await walkToPage(["observations", args.filter, asOfRound], args.page, args.perPage, async (after, first) => {
      return (await request(Observations, { filter: args.filter, first, after, asOfRound })).observations;
    });
    return {
      data: conn.nodes.map((n, i) => ({ ...n, id: `${args.page}-${i}` })),
      total: conn.totalCount ?? 0,
      pageInfo: conn.pageInfo,
    };
  },

  /** Chart-ready rows: every observation of one table and country, with labels for the breakdown. */
  async series(args: { table: number; refArea: string; timeFrom?: number; timeTo?: number }): Promise<Observation[]> {
    const filter: ObservationFilter = {
      table: args.table,
      refArea: [args.refArea],
      ...(args.timeFrom ? { timeFrom: args.timeFrom } : {}),
      ...(args.timeTo ? { timeTo: args.timeTo } : {}),
    };
    return walkAll(
      async (after, first) => (await request(Observations, { filter, first, after, asOfRound: null })).observations,
      1000,
      20_000,
    );
  },

  /** Codes of a list with their labels (for filter choices, chart legends and finding messages). */
  async codeLabels(codelistId: string): Promise<Record<string, string>> {
    const codes = (await request(CodeLabels, { id: codelistId })).codelist?.codes ?? [];
    return Object.fromEntries(codes.map((c) => [c.code, c.label]));
  },

  /**
   * Downloads the server's export of what `filter` selects with the caller's token, and saves it under the
   * name the server gives. Returns that name.
   */
  async exportObservations(args: { filter: ObservationFilter; format: ExportFormat; asOfRound?: string | null }): Promise<string> {
    const res = await authorizedFetch(exportUrl(args.filter, args.format, args.asOfRound));
    if (!res.ok) {
      const text = await res.text().catch(() => "");
      let message = `The export failed: ${res.status} ${res.statusText}`;
      try {
        const body = JSON.parse(text) as { message?: string; error?: { message?: string } };
        message = body.error?.message ?? body.message ?? message;
      } catch {
        if (text) message = text;
      }
      throw new ApiError(message, "EXPORT_FAILED");
    }
    // A page instead of a file: an API without the export route answers the console's index.
    if ((res.headers.get("content-type") ?? "").includes("text/html"))
      throw new ApiError("The API answered a page instead of a file: it has no export route", "EXPORT_FAILED");
    const name =
      attachmentName(res.headers.get("content-disposition")) ??
      `ilms-table-${String(args.filter.table)}.${args.format === "xlsx" ? "xlsx" : "csv"}`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return name;
  },
};
