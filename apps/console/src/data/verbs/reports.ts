/**
 * The analytical report of a round (`GET /reports/<round>.<format>?lang=`): its HTML for the preview, and a
 * download in any format. Both go with the session's credentials, so staff preview and download draft rounds.
 */
import { ApiError, authorizedFetch } from "../transport";

export type ReportFormat = "html" | "pdf" | "xlsx";

export function reportUrl(round: string, format: ReportFormat, lang: string): string {
  return `/reports/${encodeURIComponent(round)}.${format}?${new URLSearchParams({ lang }).toString()}`;
}

async function fetchReport(round: string, format: ReportFormat, lang: string): Promise<Response> {
  const res = await authorizedFetch(reportUrl(round, format, lang));
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    let message = `The report failed: ${res.status} ${res.statusText}`;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(message, "REPORT_FAILED");
  }
  return res;
}

export const reportVerbs = {
  /** The report as one self-contained HTML page (shown in a sandboxed frame). */
  async reportHtml(args: { round: string; lang: string }): Promise<string> {
    return (await fetchReport(args.round, "html", args.lang)).text();
  },
  /** Downloads the report; resolves with the file name. */
  async downloadReport(args: { round: string; lang: string; format: ReportFormat }): Promise<string> {
    const res = await fetchReport(args.round, args.format, args.lang);
    const match = /filename="?([^";]+)"?/i.exec(res.headers.get("content-disposition") ?? "");
    const name = match ? match[1]! : `ilms-report-${args.round}.${args.format}`;
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
