import { SelectInput, TextInput, required } from "react-admin";
import { LabelsInput } from "../common/LabelsInput";

export const CODELIST_KINDS = [
  { id: "ilostat", name: "ILOSTAT classification" },
  { id: "classification", name: "Reference classification" },
  { id: "ilms", name: "ILMS list" },
  { id: "attribute", name: "Attribute (flags, source types)" },
];

/** Inputs shared by create and edit; the id and kind are fixed once the list exists. */
export function CodelistInputs({ create = false }: { create?: boolean }) {
  return (
    <>
      <TextInput
        source="id"
        label="Id"
        validate={required()}
        disabled={!create}
        helperText="Capitals, digits and underscores, e.g. DISABILITY"
      />
      <SelectInput source="kind" choices={CODELIST_KINDS} validate={required()} disabled={!create} />
      <TextInput source="description" multiline fullWidth />
      <LabelsInput label="Titles" />
    </>
  );
}
