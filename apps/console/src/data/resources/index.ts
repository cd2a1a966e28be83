/** Every resource react-admin's CRUD verbs reach, by name. */
import type { Grammar } from "../grammar";
import { codelists } from "./codelists";
import { codes } from "./codes";
import { countries } from "./countries";
import { countryGroups } from "./countryGroups";
import { notes } from "./notes";
import { rounds } from "./rounds";
import { sources } from "./sources";
import { tables } from "./tables";
import { users } from "./users";

export const grammar: Record<string, Grammar> = {
  codelists,
  codes,
  tables,
  countries,
  countryGroups,
  sources,
  notes,
  rounds,
  users,
  // The audit trail pages by cursor: see `auditPage`.
  audit: { key: (r) => String(r.id) },
};
