/**
 * `ilms region`: load or update a region from its definition file (`regions/<id>.yaml`) through
 * `@ilms/governance/regions` (checked, audited as `system`, all in one transaction), list and show regions.
 * A file with problems is refused with every problem on its own line: `file:line:column field: reason`.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { formatRegionIssues } from "@ilms/domain/region";
import { listRegions } from "@ilms/query";
import { RegionFileError, applyRegion, checkRegionFile } from "@ilms/governance/regions";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";
import { refusing } from "../refusal";

const USAGE = `ilms region apply FILE [--check] [--json]
ilms region list [--json]

Regions by configuration: FILE is a region definition (regions/asean.yaml, regions/ecowas.yaml; YAML or JSON)
naming the region's country group, its members with dated memberships, reporting countries, tables, languages
(the first is the default), SDMX agency and branding. See docs/new-region.md.
  apply    loads the region or brings it to what the file says (group, memberships, definition), audited;
           applying the same file again changes nothing and says so
  --check  only checks the file against the schema, the catalogue and the country codes; writes nothing
  list     the regions applied, with their group, languages and reporting countries
A file with problems is refused (exit code 1) with each problem's line, column and field.`;

export const regionCommand: Command = {
  name: "region",
  summary: "Load or update a region from its definition file (regions/<id>.yaml); list regions",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, { check: { type: "boolean" }, json: { type: "boolean" } });
    const [action, file, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    switch (action) {
      case "apply": {
        if (!file) throw new UsageError("give the region file: ilms region apply regions/<id>.yaml");
        let source: string;
        try {
          source = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
        } catch {
          throw new UsageError(`cannot read ${file}`);
        }
        // The logo (branding.logo) is a path relative to the region file; it is stored with the region.
        const readLogo = (path: string): Uint8Array | null => {
          const full = resolve(dirname(file), path);
          return statSync(full, { throwIfNoEntry: false })?.isFile() ? readFileSync(full) : null;
        };
        const run = async (): Promise<number> => {
          if (values.check) {
            const region = await withDb(io, (db) => checkRegionFile(db, source, file, { read: readLogo }));
            println(io.stdout, `${file}: region ${region.id} (group ${region.group}, ${region.members.length} memberships) is valid`);
            return EXIT.ok;
          }
          const result = await withDb(io, (db) => db.transaction((tx) => applyRegion(tx, null, source, { file, readLogo })));
          if (values.json) println(io.stdout, JSON.stringify({ region: result.region.id, changes: result.changes }));
          else if (result.changes.length === 0)
            println(io.stdout, `Region ${result.region.id} is already as ${file} says: nothing changed`);
          else {
            println(io.stdout, `Applied ${file} to region ${result.region.id}:`);
            for (const c of result.changes) println(io.stdout, `  ${c}`);
          }
          return EXIT.ok;
        };
        return refusing(io, "region", async () => {
          try {
            return await run();
          } catch (error) {
            if (!(error instanceof RegionFileError)) throw error;
            // One problem a line, each with its place in the file.
            println(io.stderr, `ilms region: ${file} is refused, nothing was written:`);
            for (const line of formatRegionIssues(error.file, error.issues)) println(io.stderr, `  ${line}`);
            return EXIT.rejected;
          }
        });
      }
      case "list": {
        if (file !== undefined) throw new UsageError(`unexpected argument '${file}'`);
        const rows = await withDb(io, (db) => listRegions(db));
        if (values.json) println(io.stdout, JSON.stringify(rows));
        else if (rows.length === 0) println(io.stdout, "No regions applied: ilms region apply regions/asean.yaml");
        else
          for (const r of rows)
            println(
              io.stdout,
              `${r.id.padEnd(10)} ${r.groupCode.padEnd(10)} ${r.definition.languages.join(",").padEnd(10)} ${r.definition.reportingCountries.join(" ")}`,
            );
        return EXIT.ok;
      }
      default:
        throw new UsageError(action ? `unknown action '${action}'` : "give an action: apply or list");
    }
  },
};
