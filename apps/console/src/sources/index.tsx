import { SaveOnlyToolbar } from "../common/SaveOnlyToolbar";
import { Chip } from "@mui/material";
import SourceIcon from "@mui/icons-material/Source";
import {
  BooleanField,
  Create,
  Datagrid,
  DateField,
  Edit,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
} from "react-admin";
import { COMPARABILITY, SourceInputs } from "./SourceInputs";

export const comparabilityColour = (c: string | null | undefined): "success" | "warning" | "error" | "default" =>
  c === "full" ? "success" : c === "partial" ? "warning" : c === "not_comparable" ? "error" : "default";

export function ComparabilityChip({ value }: { value: string | null | undefined }) {
  const label = COMPARABILITY.find((c) => c.id === value)?.name ?? "ilms.sources.notAssessed";
  const translate = useTranslate();
  return <Chip size="small" label={translate(label)} color={comparabilityColour(value)} variant={value ? "filled" : "outlined"} />;
}

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="refArea" source="refArea" alwaysOn sx={{ width: 120 }} />,
  <SelectInput key="comparability" source="comparability" choices={COMPARABILITY} alwaysOn />,
];

export function SourceList() {
  return (
    <List filters={filters} sort={{ field: "refArea", order: "ASC" }} perPage={25}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="code" />
        <TextField source="refArea" />
        <TextField source="name" />
        <TextField source="sourceType" />
        <TextField source="migrantBasis" />
        <FunctionField source="comparability" render={(r) => <ComparabilityChip value={r.comparability} />} />
        <NumberField source="ageFloor" />
        <BooleanField source="irregularMigrantsCovered" label="ilms.sources.irregular" />
        <DateField source="updatedAt" showTime />
      </Datagrid>
    </List>
  );
}

function SourceTitle() {
  const r = useRecordContext<{ code: string; name: string }>();
  return <span>{r ? `${r.code} — ${r.name}` : ""}</span>;
}

export function SourceEdit() {
  return (
    <Edit mutationMode="pessimistic" title={<SourceTitle />} redirect={false}>
      <SimpleForm toolbar={<SaveOnlyToolbar />}>
        <SourceInputs />
      </SimpleForm>
    </Edit>
  );
}

export function SourceCreate() {
  return (
    <Create redirect="edit">
      <SimpleForm>
        <SourceInputs create />
      </SimpleForm>
    </Create>
  );
}

export default { list: SourceList, edit: SourceEdit, create: SourceCreate, icon: SourceIcon, recordRepresentation: "name" };
