/**
 * The embargo through SDMX: a round published with a future release time is in no SDMX data message of an
 * anonymous caller (every format), while a signed-in viewer sees it; once its release time has passed, the
 * public sees it too. Drafts likewise stay with staff.
 */
import { beforeAll, expect, it } from "vitest";
import { importIlostat } from "@ilms/ingest";
import type { DbHandle } from "@ilms/db";
import { createTestUser, login, useSecureApi } from "../helpers/auth";
import { describeOnDrivers } from "../helpers/db";
import { sdmxJsonDataErrors } from "./validators";

const HEADER = "ref_area,source,indicator,sex,classif1,time,obs_value,obs_status\n";
/** Only in the embargoed round. */
const SECRETS = ["8.123", "6.456"];
const FORMATS = ["genericdata", "structurespecificdata", "csvdata", "jsondata", "jsonstat"];

async function loadFixture(h: DbHandle): Promise<void> {
  await h.query("insert into data_sources (code, ref_area, name) values ('BA:91', 'THA', 'LFS'), ('BA:92', 'VNM', 'LFS')");
  await h.query("insert into collection_rounds (code, title, reference_year) values ('SD-P', 'public', 2022), ('SD-E', 'embargoed', 2023)");
  const load = async (round: string, rows: string) => {
    const report = await importIlostat(h, { text: HEADER + rows, fileName: `${round}.csv` }, { round });
    expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
  };
  await load("SD-P", "THA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2022,1.5,\n");
  await load(
    "SD-E",
    "THA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,8.123,B\nVNM,BA:92,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,6.456,\n",
  );
  await h.query(
    "update collection_rounds set status = 'published', published_at = now(), release_at = now() - interval '1 day' where code = 'SD-P'",
  );
  await h.query(
    "update collection_rounds set status = 'published', published_at = now(), release_at = now() + interval '1 day' where code = 'SD-E'",
  );
}

describeOnDrivers("an embargoed round is invisible through SDMX until its release", (db) => {
  const api = useSecureApi(db);
  let viewer: Record<string, string>;
  beforeAll(async () => {
    await loadFixture(db().handle);
    await createTestUser(db().handle, "viewer@sdmx.org", "viewer");
    viewer = (await login(api(), "viewer@sdmx.org")).headers;
  });
  const data = async (path: string, format: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api().url}/sdmx/rest/data/${path}${path.includes("?") ? "&" : "?"}format=${format}`, { headers });
    return { res, text: await res.text() };
  };

  it("keeps the embargoed values out of every anonymous data message, and shows them to a viewer", async () => {
    for (const format of FORMATS) {
      for (const path of ["DF_MNA_OEMP_SEX_CDS_NB/all", "DF_ILMS_T15/all", "DF_ILMS_T15/THA+VNM.A.SEX_T.KOR/ILO"]) {
        const anonymous = await data(path, format);
        expect(anonymous.res.status, `${format} ${path}`).toBe(200);
        expect(anonymous.text, `${format} ${path}`).toContain("1.5");
        for (const secret of SECRETS) expect(anonymous.text, `${format} ${path}`).not.toContain(secret);
        expect(anonymous.res.headers.get("x-ilms-rounds")).toBe("published and released");
        const staff = await data(path, format, viewer);
        expect(staff.res.status).toBe(200);
        for (const secret of SECRETS) expect(staff.text, `${format} ${path}`).toContain(secret);
        expect(staff.res.headers.get("cache-control")).toBe("private, no-store");
      }
    }
    // A query that only the embargoed round answers is "no results" for the public, not a leak.
    const only = await data("DF_MNA_OEMP_SEX_CDS_NB/VNM.A..SEX_T.", "genericdata");
    expect(only.res.status).toBe(404);
    expect(only.text).toContain('code="100"');
    const refused = await data("DF_ILMS_T15/all", "csvdata", { authorization: "Bearer not-a-token" });
    expect(refused.res.status).toBe(401);
  });

  it("shows the values to everyone once the release time has passed", async () => {
    await db().handle.query("update collection_rounds set release_at = now() - interval '1 second' where code = 'SD-E'");
    for (const format of FORMATS) {
      const { res, text } = await data("DF_MNA_OEMP_SEX_CDS_NB/all", format);
      expect(res.status).toBe(200);
      for (const secret of SECRETS) expect(text, format).toContain(secret);
      // With an observation status in the data, SDMX-JSON still validates (OBS_STATUS declared and used).
      if (format === "jsondata") {
        expect(sdmxJsonDataErrors(JSON.parse(text))).toEqual([]);
        expect(text).toContain('"id":"OBS_STATUS"');
      }
    }
    const csv = await data("DF_MNA_OEMP_SEX_CDS_NB/THA.A..SEX_T.CDS_DES_KOR?startPeriod=2023", "csvdata");
    expect(csv.text.trimEnd().split("\n")[1]).toBe(
      "ILO:DF_MNA_OEMP_SEX_CDS_NB(1.0),THA,A,MNA_OEMP_NB,SEX_T,CDS_DES_KOR,2023,8.123,Thousands of persons,3,BA:91,B,,,",
    );
  });
});
