/**
 * `ilms source`: the register of data sources and their quality fields, from the command line, through the
 * same rules as the API (`@ilms/governance/sources`): known codes for type and basis, one reporting country,
 * audited as `system`. Quality fields come as options or, for many sources at once, from a CSV or JSON file
 * (all rows in one transaction: every source or none).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { listSources } from "@ilms/query";
import type { SourceRecord } from "@ilms/query";
import { GovernanceError } from "@ilms/governance/errors";
import { SOURCE_FIELDS, createSource, findSource, updateSource } from "@ilms/governance/sources";
import type { NewSource, SourceField, SourceFields } from "@ilms/governance/sources";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";
import { refusing } from "../refusal";

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const FIELD_KEYS = Object.keys(SOURCE_FIELDS) as SourceField[];
const FIELD_OPTIONS = Object.fromEntries(FIELD_KEYS.map((k) => [kebab(k), { type: "string" as const }]));

const USAGE = `ilms source add --code CODE --country ISO3 --name NAME [quality options]
ilms source add --file sources.csv|sources.json
ilms source list [--country ISO3[,ISO3...]] [--json]
ilms source show CODE [--json]
ilms source update CODE [quality options]
ilms source update --file changes.csv|changes.json

Data sources of the reporting countries, with the quality fields the source-quality map shows.
  --code CODE                       ILOSTAT source code, e.g. BA:544 (type letters, colon, number)
  --country ISO3                    reporting country (ISO 3166-1 alpha-3)
Quality options (on update an empty value clears the field):
${FIELD_KEYS.map((k) => `  --${kebab(k)} VALUE`).join("\n")}
  --source-type is a code of list SOURCE_TYPE (BA labour force survey, AA census, FX administrative records...),
  --migrant-basis CBR (place of birth) or CCT (citizenship), --comparability full, partial or not_comparable,
  --irregular-migrants-covered true or false, --age-floor and --sample-size whole numbers.
Files: CSV with a header, or JSON (an array of objects); columns code, ref_area (or refArea, country) and the
field names above in camelCase or snake_case (source_type). All rows in one transaction: every source or none.
Refusals (unknown code list value, existing code, unknown source) exit with code 1 and the reason.`;

const ALIASES: Record<string, string> = { ref_area: "refArea", refarea: "refArea", country: "refArea" };
for (const k of FIELD_KEYS) {
  ALIASES[k.toLowerCase()] = k;
  ALIASES[SOURCE_FIELDS[k].column] = k;
}

function convert(key: SourceField, value: unknown, where: string): unknown {
  if (value === null) return null;
  const type = SOURCE_FIELDS[key].type;
  if (type === "text") return typeof value === "string" ? value : String(value);
  if (typeof value === "string" && value.trim() === "") return null;
  if (type === "integer") {
    const n = typeof value === "number" ? value : Number(String(value).trim());
    if (!Number.isInteger(n)) throw new UsageError(`${where}${key}: '${String(value)}' is not a whole number`);
    return n;
  }
  if (typeof value === "boolean") return value;
  const text = String(value).trim().toLowerCase();
  if (["true", "yes", "1"].includes(text)) return true;
  if (["false", "no", "0"].includes(text)) return false;
  throw new UsageError(`${where}${key}: '${String(value)}' is not true or false`);
}

/** One record (options, a CSV row or a JSON object) as code, country and quality fields. */
function toInput(record: Record<string, unknown>, where: string): { code?: string; refArea?: string; fields: SourceFields } {
  const out: { code?: string; refArea?: string; fields: Record<string, unknown> } = { fields: {} };
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    const key =
      name === "code"
        ? "code"
        : (ALIASES[name] ?? ALIASES[name.toLowerCase()] ?? (FIELD_KEYS.includes(name as SourceField) ? name : undefined));
    if (!key) throw new UsageError(`${where}unknown column '${name}' (one of code, ref_area, ${FIELD_KEYS.join(", ")})`);
    if (key === "code" || key === "refArea") out[key] = String(value).trim();
    else out.fields[key] = convert(key as SourceField, value, where);
  }
  return out as { code?: string; refArea?: string; fields: SourceFields };
}

/** Records of a CSV (header row) or JSON file, with how to name each in messages. */
function readRecords(file: string): { records: Record<string, unknown>[]; where: (i: number) => string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  if (extname(file).toLowerCase() === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${file}: not JSON (${(error as Error).message})`);
    }
    const list = Array.isArray(data) ? data : [data];
    if (!list.every((r) => r !== null && typeof r === "object" && !Array.isArray(r)))
      throw new UsageError(`${file}: expected an object or an array of objects`);
    return { records: list as Record<string, unknown>[], where: (i) => `${file} item ${i + 1}: ` };
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  // Empty CSV cells mean "not given" when adding and "clear" when updating: keep them as empty text.
  return { records: rows, where: (i) => `${file} line ${i + 2}: ` };
}

const one = (s: SourceRecord) =>
  `${s.code.padEnd(14)} ${s.refArea}  ${(s.sourceType ?? "-").padEnd(3)} ${(s.migrantBasis ?? "-").padEnd(3)} ${(s.comparability ?? "-").padEnd(14)} ${s.name}`;

function detail(s: SourceRecord): string {
  const rows: [string, unknown][] = [
    ["code", s.code],
    ["refArea", s.refArea],
    ...FIELD_KEYS.map((k) => [k, (s as unknown as Record<string, unknown>)[k]] as [string, unknown]),
    ["updatedAt", s.updatedAt],
  ];
  return rows.map(([k, v]) => `${k.padEnd(25)} ${v === null || v === undefined ? "-" : String(v)}`).join("\n");
}

export const sourceCommand: Command = {
  name: "source",
  summary: "Register data sources and their quality fields (add, list, show, update; options or a CSV/JSON file)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      code: { type: "string" },
      country: { type: "string" },
      file: { type: "string" },
      json: { type: "boolean" },
      ...FIELD_OPTIONS,
    });
    const [action, code, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const options = values as Record<string, string | boolean | undefined>;
    const fromOptions = () =>
      toInput(Object.fromEntries(FIELD_KEYS.map((k) => [k, options[kebab(k)]]).filter(([, v]) => v !== undefined)), "--");
    const givenFields = FIELD_KEYS.some((k) => options[kebab(k)] !== undefined);
    return refusing(io, "source", async () => {
      switch (action) {
        case "add": {
          let inputs: { input: NewSource; where: string }[];
          if (values.file !== undefined) {
            if (givenFields || values.code || values.country || code) throw new UsageError("give either --file or the options, not both");
            const { records, where } = readRecords(values.file);
            inputs = records.map((r, i) => {
              // Adding: an empty cell is a field not given.
              const given = Object.fromEntries(Object.entries(r).filter(([, v]) => !(typeof v === "string" && v.trim() === "")));
              const parsed = toInput(given, where(i));
              return {
                input: { ...parsed.fields, code: parsed.code ?? "", refArea: parsed.refArea ?? "", name: parsed.fields.name ?? "" },
                where: where(i),
              };
            });
            if (inputs.length === 0) throw new UsageError(`${values.file}: no sources in the file`);
          } else {
            if (code !== undefined) throw new UsageError(`unexpected argument '${code}' (give the code with --code)`);
            if (!values.code) throw new UsageError("--code is required");
            if (!values.country) throw new UsageError("--country is required");
            if (!options.name) throw new UsageError("--name is required");
            const { fields } = fromOptions();
            inputs = [
              { input: { ...fields, code: values.code, refArea: values.country.toUpperCase(), name: String(options.name) }, where: "" },
            ];
          }
          const created = await withDb(io, (db) =>
            db.transaction(async (tx) => {
              const done: SourceRecord[] = [];
              for (const { input, where } of inputs) done.push(await named(where, () => createSource(tx, null, input)));
              return done;
            }),
          );
          if (values.json) println(io.stdout, JSON.stringify(created));
          else for (const s of created) println(io.stdout, `Added source ${s.code} (${s.refArea}): ${s.name}`);
          return EXIT.ok;
        }
        case "update": {
          let changes: { code: string; fields: SourceFields; where: string }[];
          if (values.file !== undefined) {
            if (givenFields || code) throw new UsageError("give either --file or a code and options, not both");
            const { records, where } = readRecords(values.file);
            changes = records.map((r, i) => {
              const parsed = toInput(r, where(i));
              if (!parsed.code) throw new UsageError(`${where(i)}code is required`);
              if (parsed.refArea !== undefined) throw new UsageError(`${where(i)}a source's country cannot change (register a new source)`);
              return { code: parsed.code, fields: parsed.fields, where: where(i) };
            });
          } else {
            if (!code) throw new UsageError("give the source's code: ilms source update CODE --field value ...");
            if (values.country !== undefined) throw new UsageError("a source's country cannot change (register a new source)");
            if (!givenFields) throw new UsageError("give at least one quality option to change");
            changes = [{ code, fields: fromOptions().fields, where: "" }];
          }
          const updated = await withDb(io, (db) =>
            db.transaction(async (tx) => {
              const done: SourceRecord[] = [];
              for (const c of changes) done.push(await named(c.where, () => updateSource(tx, null, c.code, c.fields)));
              return done;
            }),
          );
          if (values.json) println(io.stdout, JSON.stringify(updated));
          else for (const s of updated) println(io.stdout, `Updated source ${s.code} (${s.refArea}): ${s.name}`);
          return EXIT.ok;
        }
        case "list": {
          if (code !== undefined) throw new UsageError(`unexpected argument '${code}'`);
          const countries = values.country
            ?.split(",")
            .map((c) => c.trim().toUpperCase())
            .filter(Boolean);
          const rows = await withDb(io, (db) => listSources(db, true, countries));
          if (values.json) println(io.stdout, JSON.stringify(rows));
          else if (rows.length === 0)
            println(io.stdout, "No sources: ilms source add --code BA:544 --country THA --name 'Labour Force Survey' ...");
          else for (const s of rows) println(io.stdout, one(s));
          return EXIT.ok;
        }
        case "show": {
          if (!code) throw new UsageError("give the source's code: ilms source show CODE");
          const source = await withDb(io, (db) => findSource(db, code));
          if (!source) {
            println(io.stderr, `ilms source: Source ${code} does not exist`);
            return EXIT.rejected;
          }
          println(io.stdout, values.json ? JSON.stringify(source) : detail(source));
          return EXIT.ok;
        }
        default:
          throw new UsageError(action ? `unknown action '${action}'` : "give an action: add, list, show or update");
      }
    });
  },
};

/** Prefixes a refusal with the file row it came from. */
async function named<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (where && error instanceof GovernanceError) throw new GovernanceError(error.code, `${where}${error.message}`, error.details);
    throw error;
  }
}
