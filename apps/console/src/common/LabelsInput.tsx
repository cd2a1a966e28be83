/** Labels per language (`[{lang, text}]`), shared by every form that names something. */
import { ArrayInput, SimpleFormIterator, TextInput, required } from "react-admin";

export function LabelsInput({ source = "labels", label = "Labels" }: { source?: string; label?: string }) {
  return (
    <ArrayInput source={source} label={label} defaultValue={[{ lang: "en", text: "" }]}>
      <SimpleFormIterator inline disableReordering>
        <TextInput source="lang" label="Language" validate={required()} sx={{ width: 110 }} helperText={false} />
        <TextInput source="text" label="Text" validate={required()} sx={{ minWidth: 360 }} helperText={false} />
      </SimpleFormIterator>
    </ArrayInput>
  );
}
