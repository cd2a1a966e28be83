import { SaveOnlyToolbar } from "../common/SaveOnlyToolbar";
import { Chip } from "@mui/material";
import EventRepeatIcon from "@mui/icons-material/EventRepeat";
import {
  Create,
  Datagrid,
  DateField,
  DateInput,
  Edit,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  required,
} from "react-admin";
import { RoundActions } from "./RoundActions";

const STATUS_COLOUR: Record<string, "default" | "info" | "warning" | "success"> = {
  draft: "default",
  submitted: "info",
  validated: "warning",
  published: "success",
};

export function StatusChip({ status }: { status: string }) {
  return <Chip size="small" label={status} color={STATUS_COLOUR[status] ?? "default"} />;
}

export function RoundList() {
  return (
    <List
      sort={{ field: "id", order: "DESC" }}
      pagination={false}
      filters={[<SelectInput key="s" source="status" choices={Object.keys(STATUS_COLOUR).map((id) => ({ id, name: id }))} alwaysOn />]}
    >
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="code" />
        <TextField source="title" />
        <NumberField source="referenceYear" label="Year" options={{ useGrouping: false }} />
        <TextField source="kind" />
        <FunctionField source="status" render={(r) => <StatusChip status={r.status} />} />
        <DateField source="releaseAt" label="Release (embargo)" showTime emptyText="—" />
        <DateField source="publishedAt" showTime emptyText="—" />
        <FunctionField
          label="Public"
          render={(r) =>
            r.isPublic ? (
              <Chip size="small" color="success" variant="outlined" label="public" />
            ) : r.status === "published" ? (
              <Chip size="small" color="warning" variant="outlined" label="under embargo" />
            ) : (
              <Chip size="small" variant="outlined" label="not yet" />
            )
          }
        />
        <FunctionField label="Workflow" render={() => <RoundActions />} />
      </Datagrid>
    </List>
  );
}

function RoundInputs({ create = false }: { create?: boolean }) {
  return (
    <>
      <TextInput source="code" validate={required()} disabled={!create} helperText="e.g. 2025 or 2024-R1" />
      <TextInput source="title" validate={required()} fullWidth />
      <NumberInput source="referenceYear" validate={required()} />
      {create && (
        <SelectInput
          source="kind"
          choices={[
            { id: "regular", name: "Regular" },
            { id: "revision", name: "Revision" },
          ]}
          defaultValue="regular"
        />
      )}
      {create && <TextInput source="revisesRound" label="Revises round (code)" />}
      <DateInput source="opensOn" />
      <DateInput source="closesOn" />
    </>
  );
}

export function RoundEdit() {
  return (
    <Edit mutationMode="pessimistic" actions={<RoundActions />}>
      <SimpleForm toolbar={<SaveOnlyToolbar />}>
        <RoundInputs />
      </SimpleForm>
    </Edit>
  );
}

export function RoundCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <RoundInputs create />
      </SimpleForm>
    </Create>
  );
}

export default { list: RoundList, edit: RoundEdit, create: RoundCreate, icon: EventRepeatIcon, recordRepresentation: "code" };
