/**
 * Applying a region definition file (`regions/<id>.yaml`, checked by `@ilms/domain/region`): the region's
 * country group and its dated memberships are brought to what the file says through the group writes of
 * `./groups` (each audited with before and after), and the rest of the definition is stored in `regions`
 * (audited as `applyRegion`). Applying the same file again changes nothing, writes nothing, and says so.
 */
import { createHash } from "node:crypto";
import { logoMediaType, parseRegion } from "@ilms/domain/region";
import type { RegionContext, RegionDefinition, RegionIssue } from "@ilms/domain/region";
import { findRegion, listRegions, membershipsByGroup } from "@ilms/query";
import type { RegionRecord } from "@ilms/query";
import { recordAudit } from "./audit";
import type { Runner } from "./audit";
import type { Caller } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { addGroupMember, createGroup, endGroupMember, findGroup, updateGroup } from "./groups";
import { authorize } from "./permissions";

export interface RegionApplication {
  region: RegionRecord;
  /** What changed, one sentence each; empty when the warehouse already matched the file. */
  changes: string[];
}

/** A region file that does not pass its checks: every problem, with line, column and field. */
export class RegionFileError extends GovernanceError {
  constructor(
    readonly file: string,
    readonly issues: readonly RegionIssue[],
  ) {
    super(
      GovernanceCode.BadUserInput,
      `${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}: ${issues
        .map((i) => `line ${i.line}, column ${i.column}${i.field ? `, ${i.field}` : ""}: ${i.message}`)
        .join("; ")}`,
      { issues, field: issues[0]?.field ?? "" },
    );
  }
}

/** Keys in order, so that two definitions compare equal whatever order jsonb gave back. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value ?? null);
}

const labelList = (names: Record<string, string>) => Object.entries(names).map(([lang, text]) => ({ lang, text }));

/** Reads a file named by a region file (a path relative to it): its bytes, or null when there is no such file. */
export type RegionFileReader = (path: string) => Uint8Array | null;

/** Checks a region file against the schema, the catalogue and this warehouse's country codes. */
export async function checkRegionFile(
  db: Runner,
  source: string,
  file: string,
  logo?: RegionContext["logoExists"] | { read: RegionFileReader },
): Promise<RegionDefinition> {
  const rows = await db.query<{ code: string }>("select code from codes where codelist_id = 'AREA' and level = 'country'");
  const files =
    typeof logo === "function" ? { logoExists: logo } : logo ? { logoSize: (p: string) => logo.read(p)?.byteLength ?? null } : {};
  const parsed = parseRegion(source, { countries: new Set(rows.map((r) => r.code)), ...files });
  if (!parsed.ok) throw new RegionFileError(file, parsed.issues);
  return parsed.region;
}

/** The definition as the audit log keeps it: a stored logo by its type and hash, without its bytes. */
function audited(definition: RegionDefinition | Record<string, unknown>): Record<string, unknown> {
  const d = definition as RegionDefinition;
  if (!d.branding?.image) return definition as Record<string, unknown>;
  const { data: _, ...image } = d.branding.image;
  return { ...d, branding: { ...d.branding, image } };
}

/**
 * Loads or updates the region of file text `source` (`caller` null: the local administrator, the CLI). Run it
 * in one transaction: a refusal part-way leaves nothing written. With `readLogo`, the logo file the region
 * file names is read (a missing, too large or unknown kind of file is refused with its line and field) and
 * stored with the region, which the API serves; without it the logo is not checked.
 */
export async function applyRegion(
  db: Runner,
  caller: Caller | null,
  source: string,
  options: { file: string; logoExists?: RegionContext["logoExists"]; readLogo?: RegionFileReader },
): Promise<RegionApplication> {
  if (caller) authorize(caller, "codelists.edit");
  const read = options.readLogo;
  const region = await checkRegionFile(db, source, options.file, read ? { read } : options.logoExists);
  if (region.branding.logo && read) {
    const bytes = read(region.branding.logo)!;
    region.branding.image = {
      mediaType: logoMediaType(region.branding.logo)!,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      data: Buffer.from(bytes).toString("base64"),
    };
  }
  const claimed = (await listRegions(db)).find((r) => r.groupCode === region.group && r.id !== region.id);
  if (claimed)
    throw new GovernanceError(GovernanceCode.BadUserInput, `group: ${region.group} already belongs to region ${claimed.id}`, {
      field: "group",
    });
  const changes: string[] = [];

  // The group: names, description and ILOSTAT code.
  const group = await findGroup(db, region.group);
  if (!group) {
    await createGroup(db, caller, {
      code: region.group,
      ilostatCode: region.ilostatCode,
      description: region.description,
      labels: labelList(region.names),
    });
    changes.push(`created group ${region.group}`);
  } else if (
    canonical(group.labels) !== canonical(region.names) ||
    group.description !== region.description ||
    group.ilostatCode !== region.ilostatCode
  ) {
    await updateGroup(db, caller, region.group, {
      ilostatCode: region.ilostatCode,
      description: region.description,
      labels: labelList(region.names),
    });
    changes.push(`updated the names, description or ILOSTAT code of group ${region.group}`);
  }

  // Memberships, matched on country and first day: removed ones first, so that a moved date never overlaps.
  const [existing = []] = await membershipsByGroup(db, [region.group]);
  const key = (m: { country: string; validFrom: string }) => `${m.country} ${m.validFrom}`;
  const wanted = new Map(region.members.map((m) => [key(m), m]));
  for (const old of existing) {
    const m = wanted.get(key(old));
    // Kept: unchanged, or given a (new) end below. Removed: gone from the file, or open again (re-added below).
    if (m && (m.validTo === old.validTo || m.validTo !== null)) continue;
    await endGroupMember(db, caller, { group: region.group, country: old.country, validFrom: old.validFrom });
    if (!m) changes.push(`removed ${old.country}'s membership from ${old.validFrom}`);
  }
  const kept = new Map(existing.map((m) => [key(m), m]));
  for (const m of region.members) {
    const old = kept.get(key(m));
    const period = `${m.validFrom} to ${m.validTo ?? "now"}`;
    if (old && old.validTo === m.validTo) continue;
    if (old && m.validTo !== null) {
      await endGroupMember(db, caller, { group: region.group, country: m.country, validFrom: m.validFrom, validTo: m.validTo });
      changes.push(`${m.country}'s membership from ${m.validFrom} now ends ${m.validTo}`);
    } else {
      await addGroupMember(db, caller, { group: region.group, country: m.country, validFrom: m.validFrom, validTo: m.validTo });
      changes.push(`${m.country} is a member ${period}`);
    }
  }

  // The rest of the definition.
  const before = await findRegion(db, region.id);
  if (!before || canonical(before.definition) !== canonical(region)) {
    await db.query(
      `insert into regions (id, group_code, definition) values ($1, $2, $3::jsonb)
       on conflict (id) do update set group_code = excluded.group_code, definition = excluded.definition, updated_at = now()`,
      [region.id, region.group, JSON.stringify(region)],
    );
    await recordAudit(db, caller, {
      action: "applyRegion",
      entity: "region",
      entityId: region.id,
      before: before ? audited(before.definition) : null,
      after: audited(region),
    });
    changes.push(before ? `updated the definition of region ${region.id}` : `added region ${region.id}`);
  }
  return { region: (await findRegion(db, region.id))!, changes };
}
