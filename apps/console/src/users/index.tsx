import PeopleIcon from "@mui/icons-material/People";
import {
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  DateField,
  Edit,
  FunctionField,
  List,
  PasswordInput,
  SelectInput,
  SimpleForm,
  TextArrayInput,
  TextField,
  TextInput,
  email,
  minLength,
  required,
} from "react-admin";

const ROLES = [
  { id: "admin", name: "Administrator" },
  { id: "editor", name: "Editor (country focal point)" },
  { id: "reviewer", name: "Reviewer" },
  { id: "viewer", name: "Viewer" },
];

export function UserList() {
  return (
    <List sort={{ field: "email", order: "ASC" }} pagination={false}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="email" />
        <TextField source="name" />
        <TextField source="role" />
        <FunctionField label="Countries" render={(u) => (u.countries ?? []).join(", ") || "—"} />
        <BooleanField source="active" />
        <DateField source="lastLoginAt" showTime emptyText="never" />
      </Datagrid>
    </List>
  );
}

function UserInputs({ create = false }: { create?: boolean }) {
  return (
    <>
      <TextInput source="email" validate={[required(), email()]} disabled={!create} />
      <TextInput source="name" />
      <SelectInput source="role" choices={ROLES} validate={required()} />
      <TextArrayInput source="countries" label="Countries (editors; ISO alpha-3)" />
      {!create && <BooleanInput source="active" />}
      <PasswordInput
        source="password"
        label={create ? "Initial password" : "New password"}
        validate={create ? [required(), minLength(12)] : minLength(12)}
        autoComplete="new-password"
      />
    </>
  );
}

export function UserEdit() {
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <UserInputs />
      </SimpleForm>
    </Edit>
  );
}

export function UserCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <UserInputs create />
      </SimpleForm>
    </Create>
  );
}

export default { list: UserList, edit: UserEdit, create: UserCreate, icon: PeopleIcon, recordRepresentation: "email" };
