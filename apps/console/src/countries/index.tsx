import PublicIcon from "@mui/icons-material/Public";
import { Datagrid, List, SearchInput, TextField } from "react-admin";

export function CountryList() {
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: "code", order: "ASC" }} perPage={25}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="code" label="ISO alpha-3" />
        <TextField source="name" />
        <TextField source="alpha2" label="Alpha-2" />
        <TextField source="numeric" label="Numeric" />
      </Datagrid>
    </List>
  );
}

export default { list: CountryList, icon: PublicIcon, recordRepresentation: "name" };
