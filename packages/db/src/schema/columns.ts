import { sql } from "drizzle-orm";
import { text, timestamp } from "drizzle-orm/pg-core";
import type { CodelistId } from "@ilms/domain";

/**
 * A constant column naming a code list, so that a composite foreign key `(x_list, x) -> codes` lets the
 * database itself refuse a code of another list (an ISCO code in an ISIC column).
 */
export function listColumn(codelist: CodelistId) {
  return text(`${codelist.toLowerCase()}_list`)
    .notNull()
    .generatedAlwaysAs(sql.raw(`'${codelist}'`));
}

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
