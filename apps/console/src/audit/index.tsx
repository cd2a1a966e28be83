import { Box } from "@mui/material";
import HistoryIcon from "@mui/icons-material/History";
import { Datagrid, DateField, FunctionField, List, TextField, TextInput } from "react-admin";

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
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
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

export function AuditList() {
  return (
    <List filters={filters} perPage={25} sort={{ field: "id", order: "DESC" }} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick={false} sort={{ field: "id", order: "DESC" }}>
        <DateField source="at" showTime sortable={false} />
        <FunctionField label="Who" render={(e) => e.actorEmail ?? e.actorKind} />
        <TextField source="action" sortable={false} />
        <FunctionField label="What" render={(e) => `${e.entity}${e.entityId ? ` ${short(e.entityId, 24)}` : ""}`} />
        <FunctionField label="Changes" render={(e) => <Changes before={e.before} after={e.after} />} />
        <TextField source="ip" label="Address" sortable={false} emptyText="—" />
      </Datagrid>
    </List>
  );
}

export default { list: AuditList, icon: HistoryIcon };
