/**
 * Issue 16, the region file's branding takes effect: its name and logo file are stored when the file is
 * applied (a missing logo file is refused with its line and field), GraphQL gives them as
 * `region { branding { name logoUrl } }`, the API serves the logo, and the report's title page carries them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { RegionFileError, applyRegion } from "@ilms/governance/regions";
import { generateReport } from "@ilms/report";
import { describeOnDrivers } from "../helpers/db";
import { useTestApi } from "../helpers/api";
import { createRound } from "../ingest/helpers";

const ROOT = new URL("../../", import.meta.url);
const ASEAN = readFileSync(new URL("regions/asean.yaml", ROOT), "utf8");
const ECOWAS = readFileSync(new URL("regions/ecowas.yaml", ROOT), "utf8");
/** A 1 x 1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const dir = mkdtempSync(join(tmpdir(), "ilms-branding-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "ecowas-logo.png"), PNG);
/** ECOWAS's file with a logo: `branding.logo` is a path relative to the file. */
const withLogo = (logo: string) =>
  ECOWAS.replace("  name: ECOWAS Labour Migration Statistics\n", `  name: ECOWAS Labour Migration Statistics\n  logo: ${logo}\n`);
const readLogo = (path: string) => {
  try {
    return readFileSync(join(dir, path));
  } catch {
    return null;
  }
};

const REGION = `{ region { id branding { name logoUrl } } regions { id branding { name logoUrl } } }`;

describeOnDrivers("The region's branding: name and logo", (db) => {
  const ecowas = useTestApi(db, { region: "ecowas", responseCache: null });
  const asean = useTestApi(db, { responseCache: null });

  it("refuses a logo file that is missing, naming the line and field, and writes nothing", async () => {
    const h = db().handle;
    const text = withLogo("missing.png");
    const line = text.split("\n").findIndex((l) => l.includes("logo: missing.png")) + 1;
    const error = await h.transaction((tx) => applyRegion(tx, null, text, { file: "ecowas.yaml", readLogo })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegionFileError);
    expect((error as RegionFileError).issues).toEqual([
      {
        line,
        column: 3,
        field: "branding.logo",
        message: "logo file missing.png does not exist (paths are relative to the region file)",
      },
    ]);
    // Not an image the console and reports show.
    writeFileSync(join(dir, "logo.gif"), PNG);
    const gif = await h
      .transaction((tx) => applyRegion(tx, null, withLogo("logo.gif"), { file: "ecowas.yaml", readLogo }))
      .catch((e: unknown) => e);
    expect((gif as RegionFileError).issues.map((i) => [i.field, i.message])).toEqual([
      ["branding.logo", "logo file logo.gif is not an image the console and reports show (svg, png, jpg, jpeg)"],
    ]);
    expect(await h.query("select id from regions")).toEqual([]);
  });

  it("gives the name and the logo's URL through GraphQL and serves the logo, revalidated by its hash", async () => {
    const h = db().handle;
    const applied = await h.transaction((tx) => applyRegion(tx, null, withLogo("ecowas-logo.png"), { file: "ecowas.yaml", readLogo }));
    expect(applied.region.definition.branding).toMatchObject({ name: "ECOWAS Labour Migration Statistics", logo: "ecowas-logo.png" });
    // The audit log keeps the logo's type and hash, not its bytes.
    const [audit] = await h.query<{ after: any }>("select after from audit_log where action = 'applyRegion' order by id desc limit 1");
    expect(audit!.after.branding.image).toEqual({ mediaType: "image/png", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Applying the same file again changes nothing.
    expect(
      (await h.transaction((tx) => applyRegion(tx, null, withLogo("ecowas-logo.png"), { file: "ecowas.yaml", readLogo }))).changes,
    ).toEqual([]);
    await h.transaction((tx) => applyRegion(tx, null, ASEAN, { file: "asean.yaml", readLogo }));

    const res = await ecowas().gql(REGION);
    expect(res.errors).toBeUndefined();
    const region = res.data!.region;
    expect(region.branding.name).toBe("ECOWAS Labour Migration Statistics");
    expect(region.branding.logoUrl).toMatch(/^\/branding\/ecowas\/logo\?v=[0-9a-f]{16}$/);
    expect(res.data!.regions).toEqual([
      { id: "asean", branding: { name: "ILMS Warehouse", logoUrl: null } },
      { id: "ecowas", branding: region.branding },
    ]);
    expect((await asean().gql(REGION)).data!.region).toEqual({ id: "asean", branding: { name: "ILMS Warehouse", logoUrl: null } });

    const logo = await fetch(`${ecowas().url}${region.branding.logoUrl}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(PNG);
    const again = await fetch(`${ecowas().url}${region.branding.logoUrl}`, { headers: { "if-none-match": logo.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${ecowas().url}/branding/asean/logo`)).status).toBe(404);
    expect((await fetch(`${ecowas().url}/branding/sadc/logo`)).status).toBe(404);
  });

  it("puts the active region's name and logo on the report's title page", async () => {
    const h = db().handle;
    await createRound(h, "T-BRAND", "published");
    const report = await generateReport(h, { round: "T-BRAND", activeRegion: "ecowas", drafts: false, lang: "en" }, "html");
    expect(report.model).toMatchObject({ region: "ECOWAS", brand: "ECOWAS Labour Migration Statistics" });
    const html = report.bytes.toString("utf8");
    expect(html).toContain(
      `<p class="brand"><img src="data:image/png;base64,${PNG.toString("base64")}" alt="" height="40"> ECOWAS Labour Migration Statistics</p>`,
    );
    const pdf = await generateReport(h, { round: "T-BRAND", activeRegion: "ecowas", drafts: false, lang: "en" }, "pdf");
    expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    // Over HTTP: the API's active region.
    const served = await (await fetch(`${ecowas().url}/reports/T-BRAND.html`)).text();
    expect(served).toContain("ECOWAS Labour Migration Statistics</p>");
    const aseanReport = await (await fetch(`${asean().url}/reports/T-BRAND.html`)).text();
    expect(aseanReport).toContain(`<p class="brand">ILMS Warehouse</p>`);
  });
});
