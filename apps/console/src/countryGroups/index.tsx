import { SaveOnlyToolbar } from "../common/SaveOnlyToolbar";
import { useState } from "react";
import {
  Box,
  Button,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from "@mui/material";
import GroupsIcon from "@mui/icons-material/Groups";
import {
  Create,
  Datagrid,
  Edit,
  FunctionField,
  List,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  required,
  useCanAccess,
  useNotify,
  useRecordContext,
  useRefresh,
} from "react-admin";
import { LabelsInput } from "../common/LabelsInput";
import { useIlmsProvider } from "../common/useIlmsProvider";

interface Member {
  country: { code: string; name: string };
  validFrom: string;
  validTo: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);
const isCurrent = (m: Member) => m.validFrom <= today() && (m.validTo === null || m.validTo >= today());

export function GroupList() {
  return (
    <List sort={{ field: "code", order: "ASC" }} pagination={false}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="code" />
        <TextField source="name" />
        <TextField source="ilostatCode" label="ILOSTAT area" />
        <FunctionField
          label="Current members"
          render={(g) =>
            (g.members as Member[])
              .filter(isCurrent)
              .map((m) => m.country.code)
              .join(", ")
          }
        />
      </Datagrid>
    </List>
  );
}

function Members() {
  const group = useRecordContext<{ code: string; members: Member[] }>();
  const provider = useIlmsProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ resource: "countryGroups", action: "edit" });
  const [form, setForm] = useState({ country: "", validFrom: today(), validTo: "" });
  if (!group) return null;
  const act = async (fn: () => Promise<void>, message: string) => {
    try {
      await fn();
      notify(message, { type: "success" });
      refresh();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), { type: "error" });
    }
  };
  return (
    <Box>
      <Table size="small" aria-label="Memberships">
        <TableHead>
          <TableRow>
            <TableCell>Country</TableCell>
            <TableCell>From</TableCell>
            <TableCell>To</TableCell>
            <TableCell>Status</TableCell>
            {canAccess && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {group.members.map((m) => (
            <TableRow key={`${m.country.code}-${m.validFrom}`}>
              <TableCell>
                <strong>{m.country.code}</strong> {m.country.name}
              </TableCell>
              <TableCell>{m.validFrom}</TableCell>
              <TableCell>{m.validTo ?? "—"}</TableCell>
              <TableCell>
                {isCurrent(m) ? (
                  <Chip size="small" color="success" label="member" />
                ) : (
                  <Chip size="small" label={m.validFrom > today() ? "future" : "past"} />
                )}
              </TableCell>
              {canAccess && (
                <TableCell align="right">
                  {m.validTo === null && (
                    <Button
                      size="small"
                      onClick={() =>
                        act(
                          () =>
                            provider.endGroupMember({
                              group: group.code,
                              country: m.country.code,
                              validFrom: m.validFrom,
                              validTo: today(),
                            }),
                          `${m.country.code} membership ended`,
                        )
                      }
                    >
                      End today
                    </Button>
                  )}
                  <Button
                    size="small"
                    color="error"
                    onClick={() =>
                      act(
                        () => provider.endGroupMember({ group: group.code, country: m.country.code, validFrom: m.validFrom }),
                        `${m.country.code} membership removed`,
                      )
                    }
                  >
                    Remove
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {canAccess && (
        <Stack direction="row" spacing={1} sx={{ mt: 2, alignItems: "center" }}>
          <Typography variant="subtitle2">Add member</Typography>
          <MuiTextField
            size="small"
            label="Country (ISO alpha-3)"
            value={form.country}
            onChange={(e) => setForm({ ...form, country: e.target.value.toUpperCase() })}
          />
          <MuiTextField
            size="small"
            label="From"
            type="date"
            value={form.validFrom}
            onChange={(e) => setForm({ ...form, validFrom: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <MuiTextField
            size="small"
            label="To (optional)"
            type="date"
            value={form.validTo}
            onChange={(e) => setForm({ ...form, validTo: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button
            variant="contained"
            disabled={!form.country}
            onClick={() => act(() => provider.addGroupMember({ group: group.code, ...form }), `${form.country} added to ${group.code}`)}
          >
            Add
          </Button>
        </Stack>
      )}
    </Box>
  );
}

export function GroupShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        <TextField source="ilostatCode" label="ILOSTAT area" />
        <TextField source="description" />
        <Members />
      </SimpleShowLayout>
    </Show>
  );
}

function GroupInputs({ create = false }: { create?: boolean }) {
  return (
    <>
      <TextInput source="code" validate={required()} disabled={!create} />
      <TextInput source="ilostatCode" label="ILOSTAT aggregate area" helperText="e.g. X84 for ASEAN" />
      <TextInput source="description" multiline fullWidth />
      <LabelsInput label="Names" />
    </>
  );
}

export function GroupEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm toolbar={<SaveOnlyToolbar />}>
        <GroupInputs />
      </SimpleForm>
    </Edit>
  );
}

export function GroupCreate() {
  return (
    <Create redirect="show">
      <SimpleForm>
        <GroupInputs create />
      </SimpleForm>
    </Create>
  );
}

export default { list: GroupList, show: GroupShow, edit: GroupEdit, create: GroupCreate, icon: GroupsIcon, recordRepresentation: "name" };
