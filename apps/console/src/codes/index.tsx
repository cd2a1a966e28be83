import { Alert } from "@mui/material";
import LabelIcon from "@mui/icons-material/Label";
import { Create, DeleteWithConfirmButton, Edit, SaveButton, SimpleForm, Toolbar, useCanAccess, useRecordContext } from "react-admin";
import { CodeInputs } from "./CodeInputs";

const listPath = (record?: { codelistId?: string }) => (record?.codelistId ? `/codelists/${record.codelistId}/show` : "/codelists");

function CodeToolbar() {
  const record = useRecordContext<{ codelistId: string; code: string; childCount: number }>();
  const { canAccess } = useCanAccess({ resource: "codes", action: "delete" });
  return (
    <Toolbar sx={{ justifyContent: "space-between" }}>
      <SaveButton />
      {canAccess && (
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
  return <span>{record ? `${record.codelistId} · ${record.code} — ${record.label}` : ""}</span>;
}

function ChildrenNote() {
  const record = useRecordContext<{ childCount: number }>();
  return record?.childCount ? <Alert severity="info" sx={{ mb: 2 }}>This code has {record.childCount} child codes: it cannot be deleted while they exist.</Alert> : null;
}

export function CodeEdit() {
  return (
    <Edit mutationMode="pessimistic" title={<CodeTitle />} redirect={(_r, _id, data) => listPath(data as { codelistId?: string })}>
      <SimpleForm toolbar={<CodeToolbar />}>
        <ChildrenNote />
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

export default { edit: CodeEdit, create: CodeCreate, icon: LabelIcon, recordRepresentation: "code" };
