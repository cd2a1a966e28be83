import { Box } from "@mui/material";
import HistoryIcon from "@mui/icons-material/History";
import { Datagrid, DateField, FunctionField, List, TextField, TextInput } from "react-admin";

const filters = [
  <TextInput key="actor" source="actor" label="Who" alwaysOn />,
  <TextInput key="action" source="action" label="Action" alwaysOn />,
  <TextInput key="entity" source="entity" label="Kind" alwaysOn />,
  <TextInput key="entityId" source="entityId" label="Which" alwaysOn />,
];

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span>—</span>;
  return (
    <Box component="pre" tabIndex={0} sx={{ m: 0, fontSize: 12, maxWidth: 380, maxHeight: 120, overflow: "auto", whiteSpace: "pre-wrap" }}>
      {JSON.stringify(value, null, 1)}
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
        <FunctionField label="What" render={(e) => `${e.entity}${e.entityId ? ` ${e.entityId}` : ""}`} />
        <FunctionField label="Before" render={(e) => <Json value={e.before} />} />
        <FunctionField label="After" render={(e) => <Json value={e.after} />} />
        <TextField source="ip" label="Address" sortable={false} emptyText="—" />
      </Datagrid>
    </List>
  );
}

export default { list: AuditList, icon: HistoryIcon };
