/** The table catalogue, read-only: the tables with their dimensions and indicators. */
import { Box, Chip } from "@mui/material";
import ViewListIcon from "@mui/icons-material/ViewList";
import {
  ArrayField,
  BooleanField,
  Datagrid,
  FunctionField,
  List,
  NumberField,
  ReferenceField,
  SearchInput,
  SelectInput,
  Show,
  SimpleShowLayout,
  SingleFieldList,
  TextField,
  useRecordContext,
  useTranslate,
} from "react-admin";
import { SdmxPanel } from "./SdmxPanel";

const MODULES = [
  { id: "A", name: "ilms.tables.modules.A" },
  { id: "B", name: "ilms.tables.modules.B" },
  { id: "C", name: "ilms.tables.modules.C" },
];

export function TableList() {
  return (
    <List
      filters={[<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="m" source="module" choices={MODULES} alwaysOn />]}
      sort={{ field: "id", order: "ASC" }}
      perPage={25}
      pagination={false}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <NumberField source="id" label="#" />
        <FunctionField source="module" render={(r) => <Chip size="small" label={`${r.module} · ${r.moduleTitle}`} />} />
        <TextField source="title" />
        <ArrayField source="dimensions" sortable={false}>
          <SingleFieldList linkType={false}>
            <FunctionField render={(d) => <Chip size="small" variant="outlined" label={d.title} sx={{ mr: 0.5 }} />} />
          </SingleFieldList>
        </ArrayField>
        <TextField source="unit" />
        <BooleanField source="additive" />
      </Datagrid>
    </List>
  );
}

function TableTitle() {
  const r = useRecordContext<{ id: number; title: string }>();
  const translate = useTranslate();
  return <span>{r ? translate("ilms.tables.title", { id: r.id, title: r.title }) : ""}</span>;
}

function Fixed() {
  const r = useRecordContext<{ fixed: { dimension: string; code: string }[] }>();
  return (
    <Box sx={{ display: "flex", gap: 0.5 }}>
      {(r?.fixed ?? []).map((f) => (
        <Chip key={f.dimension} size="small" label={`${f.dimension} = ${f.code}`} />
      ))}
    </Box>
  );
}

function Overview() {
  const r = useRecordContext<{
    id: number;
    module: string;
    moduleTitle: string;
    description: string;
    measure: string;
    unit: string;
    additive: boolean;
  }>();
  if (!r) return null;
  return (
    <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap", alignItems: "center", mb: 1 }}>
      <Chip label={`Module ${r.module} · ${r.moduleTitle}`} color="primary" variant="outlined" />
      <Chip label={`${r.measure} · ${r.unit}`} variant="outlined" />
      <Chip
        label={r.additive ? "Counts: values add up" : "Means: never summed"}
        color={r.additive ? "success" : "warning"}
        variant="outlined"
      />
      <Box sx={{ flexBasis: "100%" }} />
      <Box sx={{ color: "text.secondary" }}>{r.description}</Box>
    </Box>
  );
}

export function TableShow() {
  return (
    <Show title={<TableTitle />}>
      <SimpleShowLayout>
        <Overview />
        <ArrayField source="dimensions" label="ilms.tables.dimensions">
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <TextField source="key" />
            <TextField source="title" />
            <TextField source="description" />
            <ReferenceField source="codelistId" reference="codelists" link="show" label="ilms.tables.codelist" />
            <FunctionField label="ilms.tables.families" render={(d) => (d.families ?? []).join(", ")} />
            <BooleanField source="counterpart" />
          </Datagrid>
        </ArrayField>
        <ArrayField source="indicators" label="ilms.tables.indicators">
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <FunctionField source="id" label="ilms.tables.indicator" render={(i: { id: string }) => <code data-code={i.id}>{i.id}</code>} />
            <TextField source="title" />
            <FunctionField label="ilms.tables.fixed" render={() => <Fixed />} />
            <FunctionField
              label="classif1"
              render={(i) =>
                i.classif1 ? (
                  <>
                    {i.classif1.dimension}
                    {i.classif1.prefix ? <code data-code={i.classif1.prefix}> ({i.classif1.prefix}_…)</code> : null}
                  </>
                ) : (
                  "—"
                )
              }
            />
            <FunctionField label="classif2" render={(i) => (i.classif2 ? i.classif2.dimension : "—")} />
          </Datagrid>
        </ArrayField>
        <SdmxPanel />
      </SimpleShowLayout>
    </Show>
  );
}

export default { list: TableList, show: TableShow, icon: ViewListIcon, recordRepresentation: "title" };
