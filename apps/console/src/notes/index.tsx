import StickyNote2Icon from "@mui/icons-material/StickyNote2";
import { Create, Datagrid, Edit, List, SearchInput, SimpleForm, TextField, TextInput, regex, required } from "react-admin";
import { LabelsInput } from "../common/LabelsInput";

export function NoteList() {
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn />,
        <TextInput key="t" source="noteType" label="Type" alwaysOn sx={{ width: 100 }} />,
      ]}
      sort={{ field: "ref", order: "ASC" }}
    >
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="ref" label="Reference" />
        <TextField source="noteType" label="Type" />
        <TextField source="text" />
      </Datagrid>
    </List>
  );
}

function NoteInputs({ create = false }: { create?: boolean }) {
  return (
    <>
      <TextInput source="noteType" label="Type" validate={[required(), regex(/^[A-Z][A-Z0-9]{0,9}$/, "e.g. R1, T2")]} disabled={!create} />
      <TextInput
        source="noteId"
        label="Id"
        validate={[required(), regex(/^[A-Za-z0-9]{1,20}$/, "Letters and digits")]}
        disabled={!create}
      />
      <LabelsInput label="Texts" />
    </>
  );
}

export function NoteEdit() {
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <NoteInputs />
      </SimpleForm>
    </Edit>
  );
}

export function NoteCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <NoteInputs create />
      </SimpleForm>
    </Create>
  );
}

export default { list: NoteList, edit: NoteEdit, create: NoteCreate, icon: StickyNote2Icon, recordRepresentation: "ref" };
