import { Box, Chip } from "@mui/material";
import HistoryIcon from "@mui/icons-material/History";
import { Datagrid, DateField, FunctionField, List, Pagination, TextField, TextInput } from "react-admin";

const filters = [
  <TextInput key="actor" source="actor" label="Who" alwaysOn />,
  <TextInput key="action" source="action" label="Action" alwaysOn />,
  <TextInput key="entity" source="entity" label="Kind" alwaysOn />,
  <TextInput key="entityId" source="entityId" label="Which" alwaysOn />,
];

const short = (v: unknown, n = 60) => {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text === undefined ? "—" : text.length > n ? `${text.slice(0, n)}…` : text;
};

/** What changed: `field: before → after` for updates, the (redacted) arguments otherwise. */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    if (keys.length === 0) return <span>no change</span>;
    return (
      <Box component="ul" sx={{ m: 0, pl: 2, fontSize: 13 }}>
        {keys.map((k) => (
          <li key={k}>
            <b>{k}</b>: {short(before[k])} → {short(after[k])}
          </li>
        ))}
      </Box>
    );
  }
  const value = after ?? before;
  if (value === null || value === undefined) return <span>—</span>;
  return (
    <Box component="code" sx={{ fontSize: 12, wordBreak: "break-all", display: "block", maxWidth: 560 }}>
      {short(value, 240)}
    </Box>
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const num = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-GB") : "?");

const ENTITY: Record<string, string> = {
  round: "Round",
  source: "Source",
  user: "User",
  api_key: "API key",
  code: "Code",
  codelist: "Code list",
  note: "Note",
  country_group: "Country group",
  ImportReport: "Import",
};

interface Entry {
  action: string;
  actorEmail: string | null;
  actorKind: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** An import in words: what file, into which round, and what it did; a dry run is marked as one. */
function ImportSummary({ entry }: { entry: Entry }) {
  const after = isObject(entry.after) ? entry.after : {};
  const args = isObject(after.args) && isObject(after.args.input) ? after.args.input : {};
  const result = isObject(after.result) ? after.result : {};
  const dryRun = args.dryRun === true;
  const file = typeof args.fileName === "string" ? args.fileName : "a file";
  const round = result.round ?? args.round;
  return (
    <Box sx={{ fontSize: 13 }} data-testid="audit-import">
      {dryRun && <Chip size="small" color="info" label="Dry run: nothing written" sx={{ mr: 1 }} />}
      {dryRun ? "Checked" : "Loaded"} {file}
      {round ? ` into round ${String(round)}` : ""}: {num(result.rowsRead)} rows read
      {dryRun ? "" : `, ${num(result.rowsWritten)} written, ${num(result.rowsUnchanged)} unchanged`}, {num(result.errorCount)} errors,{" "}
      {num(result.findingCount)} findings{typeof result.status === "string" ? ` (${result.status})` : ""}.
    </Box>
  );
}

/** "What" in words: no internal type names or session ids. */
function what(e: Entry): string {
  if (e.action === "login") return "Signed in";
  if (e.action === "logout") return "Signed out";
  if (e.action === "importObservations") return "Import";
  const entity = ENTITY[e.entity] ?? e.entity;
  return `${entity}${e.entityId && e.entity !== "session" ? ` ${short(e.entityId, 24)}` : ""}`;
}

function Details({ entry }: { entry: Entry }) {
  if (entry.action === "importObservations") return <ImportSummary entry={entry} />;
  if (entry.action === "login" || entry.action === "logout") return <span>—</span>;
  if (entry.action === "denied" && isObject(entry.after)) return <span>Refused: {String(entry.after.reason ?? "")}</span>;
  return <Changes before={entry.before} after={entry.after} />;
}

export function AuditList() {
  return (
    <List
      filters={filters}
      perPage={25}
      sort={{ field: "id", order: "DESC" }}
      exporter={false}
      pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
    >
      <Datagrid bulkActionButtons={false} rowClick={false} sort={{ field: "id", order: "DESC" }}>
        <DateField source="at" showTime sortable={false} />
        <FunctionField label="Who" render={(e) => e.actorEmail ?? e.actorKind} />
        <TextField source="action" sortable={false} />
        <FunctionField label="What" render={(e: Entry) => what(e)} />
        <FunctionField label="Changes" render={(e: Entry) => <Details entry={e} />} />
        <TextField source="ip" label="Address" sortable={false} emptyText="—" />
      </Datagrid>
    </List>
  );
}

export default { list: AuditList, icon: HistoryIcon };
