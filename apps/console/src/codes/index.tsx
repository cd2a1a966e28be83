import { Alert } from "@mui/material";
import LabelIcon from "@mui/icons-material/Label";
import {
  AutocompleteInput,
  Create,
  Datagrid,
  DeleteWithConfirmButton,
  Edit,
  FunctionField,
  List,
  ReferenceInput,
  SaveButton,
  SearchInput,
  SimpleForm,
  TextField,
  Toolbar,
  useCanAccess,
  useRecordContext,
} from "react-admin";
import { CodeInputs } from "./CodeInputs";

const listPath = (record?: { codelistId?: string }) => (record?.codelistId ? `/codelists/${record.codelistId}/show` : "/codelists");

function CodeToolbar() {
  const record = useRecordContext<{ codelistId: string; code: string; childCount: number; usedBy?: string[] }>();
  const { canAccess } = useCanAccess({ resource: "codes", action: "delete" });
  return (
    <Toolbar sx={{ justifyContent: "space-between" }}>
      <SaveButton />
      {canAccess && !record?.usedBy?.length && (
        <DeleteWithConfirmButton
          mutationMode="pessimistic"
          redirect={listPath(record)}
          confirmContent="A code used by any observation, source, group, child code or mapping cannot be deleted; the server will say where it is used."
        />
      )}
    </Toolbar>
  );
}

function CodeTitle() {
  const record = useRecordContext<{ codelistId: string; code: string; label: string }>();
  if (!record) return <span />;
  return (
    <span>
      {record.codelistId} · <code data-code={record.code}>{record.code}</code> — {record.label}
    </span>
  );
}

/** Says where the code is used: such a code cannot be deleted (the server refuses too). */
function UsageNote() {
  const record = useRecordContext<{ usedIn?: string[] }>();
  if (!record?.usedIn?.length) return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }} role="note">
      In use by {record.usedIn.join("; ")}: it can be relabelled but not deleted.
    </Alert>
  );
}

const listFilters = [
  <ReferenceInput key="codelistId" source="codelistId" reference="codelists" alwaysOn>
    <AutocompleteInput
      label="Code list"
      optionText={(c: { id: string; title: string }) => `${c.title} (${c.id})`}
      filterToQuery={(q) => ({ q })}
    />
  </ReferenceInput>,
  <SearchInput key="q" source="q" alwaysOn />,
];

/** Codes of one list at a time (ISIC Rev.4 first), searchable; a code's row opens it. */
export function CodeList() {
  return (
    <List filters={listFilters} filterDefaultValues={{ codelistId: "ISIC4" }} sort={{ field: "sortOrder", order: "ASC" }} perPage={25}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <FunctionField
          source="code"
          render={(c: { code: string }) => (
            <code data-code={c.code} style={{ fontWeight: 600 }}>
              {c.code}
            </code>
          )}
        />
        <TextField source="label" />
        <TextField source="level" />
        <TextField source="parentCode" label="Parent" emptyText="—" />
      </Datagrid>
    </List>
  );
}

export function CodeEdit() {
  return (
    <Edit mutationMode="pessimistic" title={<CodeTitle />} redirect={(_r, _id, data) => listPath(data as { codelistId?: string })}>
      <SimpleForm toolbar={<CodeToolbar />} sx={{ maxWidth: 860 }}>
        <UsageNote />
        <CodeInputs />
      </SimpleForm>
    </Edit>
  );
}

export function CodeCreate() {
  return (
    <Create redirect={(_r, _id, data) => listPath(data as { codelistId?: string })}>
      <SimpleForm>
        <CodeInputs create />
      </SimpleForm>
    </Create>
  );
}

export default { list: CodeList, edit: CodeEdit, create: CodeCreate, icon: LabelIcon, recordRepresentation: "code" };
