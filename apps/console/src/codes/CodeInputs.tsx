import { NumberInput, TextInput, required } from "react-admin";
import { LabelsInput } from "../common/LabelsInput";

/** Inputs shared by create and edit: the list and the code itself never change once data may refer to them. */
export function CodeInputs({ create = false }: { create?: boolean }) {
  return (
    <>
      <TextInput source="codelistId" label="Code list" validate={required()} disabled={!create} />
      <TextInput source="code" validate={required()} disabled={!create} />
      <TextInput source="parentCode" label="Parent code" helperText="Its children add up to it; leave empty for a root" />
      <TextInput source="level" validate={required()} helperText="e.g. section, division, class" />
      <TextInput source="family" label="ILOSTAT family" helperText="e.g. ECO_ISIC4 (ILOSTAT lists only)" />
      <NumberInput source="sortOrder" label="Display order" />
      <LabelsInput />
    </>
  );
}
