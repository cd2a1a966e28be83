import PublicIcon from "@mui/icons-material/Public";
import { Datagrid, List, SearchInput, TextField } from "react-admin";

export function CountryList() {
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: "code", order: "ASC" }} perPage={25}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="code" />
        <TextField source="name" />
        <TextField source="alpha2" />
        <TextField source="numeric" />
      </Datagrid>
    </List>
  );
}

export default { list: CountryList, icon: PublicIcon, recordRepresentation: "name" };
