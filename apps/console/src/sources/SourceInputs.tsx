/** Every quality field of a data source, grouped as the quality map reads them; shared by create and edit. */
import { Box, Typography } from "@mui/material";
import {
  NullableBooleanInput,
  NumberInput,
  ReferenceInput,
  SelectInput,
  TextInput,
  maxValue,
  minValue,
  regex,
  required,
  useTranslate,
} from "react-admin";
import type { ReactNode } from "react";

export const COMPARABILITY = [
  { id: "full", name: "ilms.sources.comparability.full" },
  { id: "partial", name: "ilms.sources.comparability.partial" },
  { id: "not_comparable", name: "ilms.sources.comparability.not_comparable" },
];

export const BASES = [
  { id: "CBR", name: "ilms.sources.basis.CBR" },
  { id: "CCT", name: "ilms.sources.basis.CCT" },
];

function Group({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mb: 2, width: "100%" }}>
      <Typography
        component="legend"
        variant="subtitle2"
        sx={{ mb: 1, color: "primary.main", textTransform: "uppercase", letterSpacing: 0.5 }}
      >
        {translate(title)}
      </Typography>
      <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", md: "1fr 1fr" }, columnGap: 2 }}>{children}</Box>
    </Box>
  );
}

export function SourceInputs({ create = false }: { create?: boolean }) {
  return (
    <Box sx={{ width: "100%", maxWidth: 1000 }}>
      <Group title="ilms.sources.groups.identity">
        {/* Code and country identify the source once data refer to it: validated on create, fixed afterwards. */}
        <TextInput
          source="code"
          validate={create ? [required(), regex(/^[A-Z]{1,6}:[A-Za-z0-9_.-]{1,20}$/, "A source code such as BA:544")] : undefined}
          disabled={!create}
        />
        <TextInput source="refArea" validate={create ? [required(), regex(/^[A-Z]{3}$/, "ISO alpha-3")] : undefined} disabled={!create} />
        <TextInput source="name" validate={required()} sx={{ gridColumn: { md: "1 / span 2" } }} />
        <ReferenceInput
          source="sourceType"
          reference="codes"
          filter={{ codelistId: "SOURCE_TYPE" }}
          sort={{ field: "sortOrder", order: "ASC" }}
        >
          <SelectInput optionText={(c: { code: string; label: string }) => `${c.code} · ${c.label}`} optionValue="code" />
        </ReferenceInput>
        <TextInput source="agency" />
      </Group>
      <Group title="ilms.sources.groups.coverage">
        <TextInput source="geographicCoverage" />
        <TextInput source="populationCoverage" />
        <NumberInput source="ageFloor" validate={[minValue(0), maxValue(99)]} />
        <NullableBooleanInput source="irregularMigrantsCovered" />
      </Group>
      <Group title="ilms.sources.groups.definitions">
        <SelectInput source="migrantBasis" choices={BASES} emptyText="ilms.sources.notStated" />
        <TextInput source="referencePeriod" />
        <TextInput source="periodicity" />
      </Group>
      <Group title="ilms.sources.groups.precision">
        <NumberInput source="sampleSize" validate={minValue(0)} />
        <TextInput source="coefficientOfVariation" validate={regex(/^\d+(\.\d+)?$/, "A non-negative decimal such as 0.042")} />
      </Group>
      <Group title="ilms.sources.groups.comparability">
        <SelectInput source="comparability" choices={COMPARABILITY} emptyText="ilms.sources.notAssessed" />
        <TextInput source="comparabilityNote" multiline />
        <TextInput source="knownGaps" multiline />
        <TextInput source="seriesBreaks" multiline />
        <TextInput source="notes" multiline sx={{ gridColumn: { md: "1 / span 2" } }} />
      </Group>
    </Box>
  );
}
