import type { Command } from "../command";
import { runImport } from "./import";

export const validateCommand: Command = {
  name: "validate",
  summary: "Check an ILOSTAT CSV file without keeping anything (same report as import)",
  usage: `ilms validate <file|-> [--round CODE] [--source CODE | --create-sources TEMPLATE] [--json]

Runs exactly what 'ilms import' runs, inside a transaction that is rolled back: structural errors with
line, column and value, and the statistical findings the file would produce against the round. Without
--round (and with no single draft round) the file is checked against a scratch round, so values already
in a round are not compared. With --create-sources the report lists the sources an import would register
(none is kept).

Exit codes: 0 valid; 1 rejected; 2 usage error.`,
  run: (args, io) => runImport(args, io, "validate"),
};
