import { SaveOnlyToolbar } from "../common/SaveOnlyToolbar";
import { Box, Chip, Typography } from "@mui/material";
import AccountTreeIcon from "@mui/icons-material/AccountTree";
import {
  Create,
  Datagrid,
  Edit,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  TabbedShowLayout,
  TextField,
  useRecordContext,
} from "react-admin";
import { CodeTree } from "./CodeTree";
import { CODELIST_KINDS, CodelistInputs } from "./CodelistInputs";

const filters = [<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="kind" source="kind" choices={CODELIST_KINDS} alwaysOn />];

export function CodelistList() {
  return (
    <List filters={filters} sort={{ field: "id", order: "ASC" }} perPage={25}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="id" />
        <TextField source="title" />
        <FunctionField source="kind" render={(r) => <Chip size="small" label={r.kind} variant="outlined" />} />
        <TextField source="description" sx={{ display: "block", maxWidth: 560 }} />
        <NumberField source="codeCount" label="Codes" />
      </Datagrid>
    </List>
  );
}

function Levels() {
  const record = useRecordContext<{ levels?: { level: string; count: number }[] }>();
  return (
    <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap" }}>
      {(record?.levels ?? []).map((l) => (
        <Chip key={l.level} label={`${l.level}: ${l.count}`} size="small" />
      ))}
    </Box>
  );
}

function Tree() {
  const record = useRecordContext<{ id: string }>();
  return record ? <CodeTree codelistId={String(record.id)} /> : null;
}

function CodelistTitle() {
  const record = useRecordContext<{ id: string; title: string }>();
  return <span>{record ? `${record.title} (${record.id})` : ""}</span>;
}

export function CodelistShow() {
  return (
    <Show title={<CodelistTitle />}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="ilms.codes.tree">
          <Typography variant="body2" color="text.secondary">
            <TextField source="description" />
          </Typography>
          <Levels />
          <Tree />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Details">
          <TextField source="id" />
          <TextField source="kind" />
          <TextField source="title" />
          <TextField source="description" />
          <NumberField source="codeCount" />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}

export function CodelistEdit() {
  return (
    <Edit mutationMode="pessimistic" title={<CodelistTitle />}>
      <SimpleForm toolbar={<SaveOnlyToolbar />}>
        <CodelistInputs />
      </SimpleForm>
    </Edit>
  );
}

export function CodelistCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <CodelistInputs create />
      </SimpleForm>
    </Create>
  );
}

export default {
  list: CodelistList,
  show: CodelistShow,
  edit: CodelistEdit,
  create: CodelistCreate,
  icon: AccountTreeIcon,
  recordRepresentation: "title",
};
