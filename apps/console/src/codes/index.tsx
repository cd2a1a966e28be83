import { Alert } from "@mui/material";
import LabelIcon from "@mui/icons-material/Label";
import { Create, DeleteWithConfirmButton, Edit, SaveButton, SimpleForm, Toolbar, useCanAccess, useRecordContext } from "react-admin";
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
  return <span>{record ? `${record.codelistId} · ${record.code} — ${record.label}` : ""}</span>;
}

/** Says where the code is used: such a code cannot be deleted (the server refuses too). */
function UsageNote() {
  const record = useRecordContext<{ usedBy?: string[] }>();
  if (!record?.usedBy?.length) return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }} role="note">
      In use by {record.usedBy.join(", ")}: it can be relabelled but not deleted.
    </Alert>
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

export default { edit: CodeEdit, create: CodeCreate, icon: LabelIcon, recordRepresentation: "code" };
