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
  useTranslate,
} from "react-admin";
import { RoundActions } from "./RoundActions";

const STATUS_COLOUR: Record<string, "default" | "info" | "warning" | "success"> = {
  draft: "default",
  submitted: "info",
  validated: "warning",
  published: "success",
};

export function StatusChip({ status }: { status: string }) {
  const translate = useTranslate();
  return <Chip size="small" label={translate(`ilms.rounds.status.${status}`, { _: status })} color={STATUS_COLOUR[status] ?? "default"} />;
}

function RoundKind({ kind }: { kind: string }) {
  const translate = useTranslate();
  return <span>{translate(`ilms.rounds.kinds.${kind}`, { _: kind })}</span>;
}

function PublicLabel({ k }: { k: string }) {
  const translate = useTranslate();
  return <>{translate(`ilms.rounds.${k}`)}</>;
}

export function RoundList() {
  return (
    <List
      sort={{ field: "id", order: "DESC" }}
      pagination={false}
      filters={[
        <SelectInput
          key="s"
          source="status"
          choices={Object.keys(STATUS_COLOUR).map((id) => ({ id, name: `ilms.rounds.status.${id}` }))}
          alwaysOn
        />,
      ]}
    >
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="code" />
        <TextField source="title" />
        <NumberField source="referenceYear" options={{ useGrouping: false }} />
        <FunctionField source="kind" render={(r) => <RoundKind kind={r.kind} />} />
        <FunctionField source="status" render={(r) => <StatusChip status={r.status} />} />
        <DateField source="releaseAt" showTime emptyText="—" />
        <DateField source="publishedAt" showTime emptyText="—" />
        <FunctionField
          source="isPublic"
          sortable={false}
          render={(r) =>
            r.isPublic ? (
              <Chip size="small" color="success" variant="outlined" label={<PublicLabel k="public" />} />
            ) : r.status === "published" ? (
              <Chip size="small" color="warning" variant="outlined" label={<PublicLabel k="underEmbargo" />} />
            ) : (
              <Chip size="small" variant="outlined" label={<PublicLabel k="notYet" />} />
            )
          }
        />
        <FunctionField label="ilms.rounds.workflow" render={() => <RoundActions />} />
      </Datagrid>
    </List>
  );
}

function RoundInputs({ create = false }: { create?: boolean }) {
  return (
    <>
      <TextInput source="code" validate={required()} disabled={!create} helperText="ilms.rounds.codeHelp" />
      <TextInput source="title" validate={required()} fullWidth />
      <NumberInput source="referenceYear" validate={required()} />
      {create && (
        <SelectInput
          source="kind"
          choices={[
            { id: "regular", name: "ilms.rounds.kinds.regular" },
            { id: "revision", name: "ilms.rounds.kinds.revision" },
          ]}
          defaultValue="regular"
        />
      )}
      {create && <TextInput source="revisesRound" />}
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
