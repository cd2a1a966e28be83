/**
 * Country groups and their dated memberships (membership is data: TLS joins ASEAN in 2025): add and change
 * groups, add, end and remove memberships, each checked against the caller's role and recorded in the audit
 * trail with the group and its members before and after. Reads are the engine's (`listGroups`).
 */
import { listGroups } from "@ilms/query";
import type { GroupRecord } from "@ilms/query";
import type { Runner } from "./audit";
import type { Caller } from "./caller";
import { bad, labelsFrom, notFound, requireCode, requireDate, requireText } from "./checks";
import { authorize } from "./permissions";
import { audited } from "./snapshots";

type Labels = readonly { lang: string; text: string }[];

export interface GroupChanges {
  ilostatCode?: string | null;
  description?: string;
  labels?: Labels;
}

export interface NewGroup extends GroupChanges {
  code: string;
}

export interface Membership {
  group: string;
  country: string;
  validFrom: string;
  validTo?: string | null;
}

export async function findGroup(db: Runner, code: string): Promise<GroupRecord | undefined> {
  return (await listGroups(db)).find((g) => g.code === code);
}

function names(labels: Labels): Record<string, string> {
  const out = labelsFrom("labels", labels);
  if (!out.en) bad("labels", "an English name (`en`) is required");
  return out;
}

/** Adds a country group (`caller` null: the local administrator, i.e. the CLI). */
export function createGroup(db: Runner, caller: Caller | null, input: NewGroup): Promise<GroupRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "createCountryGroup", { input }, async () => {
    const code = requireText("code", input.code, /^[A-Z][A-Z0-9_]{1,29}$/, "must be capitals, digits and underscores");
    const labels = names(input.labels ?? []);
    if (await findGroup(db, code)) bad("code", `group ${code} already exists`);
    await db.query("insert into country_groups (code, ilostat_code, labels, description) values ($1, $2, $3::jsonb, $4)", [
      code,
      input.ilostatCode ?? null,
      JSON.stringify(labels),
      input.description?.trim() ?? "",
    ]);
    return (await findGroup(db, code))!;
  });
}

/** Changes a country group's names, description or ILOSTAT code; fields left out keep their value. */
export function updateGroup(db: Runner, caller: Caller | null, code: string, input: GroupChanges): Promise<GroupRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "updateCountryGroup", { code, input }, async () => {
    const old = await findGroup(db, code);
    if (!old) notFound(`Country group ${code}`);
    await db.query("update country_groups set ilostat_code = $2, labels = $3::jsonb, description = $4 where code = $1", [
      code,
      input.ilostatCode === undefined ? old.ilostatCode : input.ilostatCode,
      JSON.stringify(input.labels ? names(input.labels) : old.labels),
      input.description?.trim() ?? old.description,
    ]);
    return (await findGroup(db, code))!;
  });
}

/** Adds a membership: `country` belongs to the group from `validFrom` (to `validTo`, inclusive, when given). */
export function addGroupMember(db: Runner, caller: Caller | null, m: Membership): Promise<GroupRecord> {
  if (caller) authorize(caller, "codelists.edit");
  const { group, country, validFrom, validTo } = m;
  return audited(db, caller, "addGroupMember", { group }, async () => {
    const g = await findGroup(db, group);
    if (!g) notFound(`Country group ${group}`);
    await requireCode(db, "country", "AREA", country);
    requireDate("validFrom", validFrom);
    if (validTo != null) {
      requireDate("validTo", validTo);
      if (validTo < validFrom) bad("validTo", `${validTo} is before validFrom ${validFrom}`);
    }
    const overlap = await db.query(
      `select 1 from country_group_members where group_code = $1 and country = $2
         and valid_from <= coalesce($4::date, 'infinity'::date) and coalesce(valid_to, 'infinity'::date) >= $3::date`,
      [group, country, validFrom, validTo ?? null],
    );
    if (overlap.length > 0) bad("validFrom", `${country} is already a member of ${group} during part of that period`);
    await db.query("insert into country_group_members (group_code, country, valid_from, valid_to) values ($1, $2, $3, $4)", [
      group,
      country,
      validFrom,
      validTo ?? null,
    ]);
    return g;
  });
}

/** Ends (with `validTo`) or, without it, removes the membership of `country` that starts on `validFrom`. */
export function endGroupMember(db: Runner, caller: Caller | null, m: Membership): Promise<GroupRecord> {
  if (caller) authorize(caller, "codelists.edit");
  const { group, country, validFrom, validTo } = m;
  return audited(db, caller, "endGroupMember", { group }, async () => {
    const g = await findGroup(db, group);
    if (!g) notFound(`Country group ${group}`);
    requireDate("validFrom", validFrom);
    const [found] = await db.query("select 1 from country_group_members where group_code = $1 and country = $2 and valid_from = $3::date", [
      group,
      country,
      validFrom,
    ]);
    if (!found) notFound(`Membership of ${country} in ${group} from ${validFrom}`);
    if (validTo == null) {
      await db.query("delete from country_group_members where group_code = $1 and country = $2 and valid_from = $3::date", [
        group,
        country,
        validFrom,
      ]);
    } else {
      requireDate("validTo", validTo);
      if (validTo < validFrom) bad("validTo", `${validTo} is before validFrom ${validFrom}`);
      await db.query(
        "update country_group_members set valid_to = $4::date where group_code = $1 and country = $2 and valid_from = $3::date",
        [group, country, validFrom, validTo],
      );
    }
    return g;
  });
}
