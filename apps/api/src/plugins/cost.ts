/**
 * Static analysis of a whole GraphQL document before it runs, in time linear in the document: each fragment is
 * walked once per scope (its cost, depth and data reads are memoised), and a spread reuses the memo, so a
 * document of fragments that spread the next one twice costs one walk per fragment, not 2^levels.
 *
 * Cost estimates the work and the answer's size: every field instance counts 1, a list multiplies what it
 * selects by its expected size (codes of a list by the real count from the database, pages by `first`, slices
 * by the most cells a slice may read), scalar lists count a tenth per item, and fields that do their own
 * database work add their weight. Aliases and spreads count like any other selection.
 */
import { Kind, getNamedType, getNullableType, isListType, isObjectType, isInterfaceType } from "graphql";
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from "graphql";
import { cellAxes, getTable } from "@ilms/domain";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SLICE_CELLS } from "@ilms/query";
import type { ListSizes } from "./list-sizes";

/** Root fields that read observations: each may touch up to its page or slice limit of cells. */
export const DATA_FIELDS = new Set(["observations", "slice", "derived", "availability", "qualityMap", "estimate", "revisions"]);

/** Extra cost of fields whose resolver does its own database work (a count, a plan, a scan of fact tables). */
const WEIGHTS: Record<string, number> = {
  "Query.observations": 10,
  "ObservationConnection.totalCount": 100,
  "Query.slice": 1000,
  "Query.derived": 1000,
  "Query.estimate": 50,
  "CostEstimate.cells": 100,
  "Query.availability": 100,
  "Query.qualityMap": 500,
  "Query.revisions": 20,
  "Query.checkFindings": 20,
  "Code.usedBy": 20,
};

/** Most findings `checkFindings` returns, rows `availability` and cells `qualityMap` are expected to list. */
const CHECK_FINDINGS = 500;
const AVAILABILITY_ROWS = 500;
const QUALITY_CELLS = 1000;
/** Codes per slice dimension (the cells of a slice are bounded separately). */
const SLICE_CODES = 300;
/** Expected size of any list not named here. */
const DEFAULT_LIST = 10;

export interface Analysis {
  /** Estimated cost of the operation. */
  cost: number;
  /** Deepest selection (root fields are depth 1); introspection excepted. */
  depth: number;
  /** Data-reading root fields (`observations`, `slice`...), spreads included. */
  dataFields: number;
  /** Aliased fields written in the document. */
  aliases: number;
}

/** What a list below a field is known to hold: the code list it belongs to, the page size it was asked for. */
interface Scope {
  /** Whether the object is one of many (a list item): means are then the right expectation, not maxima. */
  many: boolean;
  /** `all` under `codelists`, `dimension` under a table dimension, else a known code list id. */
  codelist?: string;
  page?: number;
  cells?: number;
}

interface Walk {
  cost: number;
  depth: number;
  dataFields: number;
}

function scopeKey(s: Scope): string {
  return `${s.many ? 1 : 0}|${s.codelist ?? ""}|${s.page ?? ""}|${s.cells ?? ""}`;
}

export function analyse(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  sizes: ListSizes,
): Analysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let aliases = 0;
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  countAliases(document, () => aliases++);

  const memo = new Map<string, Walk>();
  const active = new Set<string>();
  const queryType = schema.getQueryType();

  const argValue = (field: FieldNode, name: string): unknown => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    return arg ? valueOf(arg.value, variables) : undefined;
  };

  function listSize(parent: GraphQLNamedType, field: FieldNode, def: GraphQLField<unknown, unknown>, scope: Scope): number {
    const key = `${parent.name}.${def.name}`;
    const first = argValue(field, "first");
    const capped = (n: number) => (typeof first === "number" && first >= 0 ? Math.min(first, n) : n);
    switch (key) {
      case "Query.tables":
        return sizes.tables;
      case "IlmsTable.dimensions":
        return scope.many ? sizes.meanDimensions : sizes.maxDimensions;
      case "IlmsTable.indicators":
        return scope.many ? sizes.meanIndicators : sizes.maxIndicators;
      case "Query.codelists":
        return sizes.codelists;
      case "Codelist.codes": {
        const list = scope.codelist;
        const n =
          list === "all"
            ? sizes.meanCodes
            : list === "dimension"
              ? sizes.meanDimensionCodes
              : list !== undefined && sizes.codesPerList.has(list)
                ? sizes.codesPerList.get(list)!
                : sizes.maxCodes;
        return capped(n);
      }
      case "Code.children":
        return scope.many ? sizes.meanChildren : sizes.maxChildren;
      case "Code.mappings":
        return scope.many ? sizes.meanMappings : sizes.maxMappings;
      case "Query.countries":
        return sizes.countries;
      case "Query.countryGroups":
        return sizes.countryGroups;
      case "CountryGroup.members":
        return sizes.maxMembers;
      case "Query.rounds":
        return sizes.rounds;
      case "Query.sources":
      case "QualityMapCell.sources":
        return key === "Query.sources" ? sizes.sources : 5;
      case "Query.notes":
        return sizes.notes;
      case "Query.users":
        return sizes.users;
      case "Query.apiKeys":
        return sizes.apiKeys;
      case "Query.statusCodes":
        return sizes.codesPerList.get("OBS_STATUS") ?? DEFAULT_LIST;
      case "Query.revisions":
        return Math.max(1, sizes.rounds);
      case "Query.checkFindings":
        return CHECK_FINDINGS;
      case "Query.availability":
        return AVAILABILITY_ROWS;
      case "Query.qualityMap":
        return QUALITY_CELLS;
      case "ObservationConnection.nodes":
      case "ObservationConnection.edges":
      case "AuditConnection.nodes":
        return scope.page ?? DEFAULT_PAGE_SIZE;
      case "Observation.dimensions":
      case "Revision.dimensions":
      case "FindingCell.dimensions":
        return sizes.maxDimensions + 2;
      case "Slice.dimensions":
        return sizes.maxDimensions + 4;
      case "SliceDimension.codes":
        return SLICE_CODES;
      case "ImportReport.errors":
      case "ImportReport.findings":
        return 500;
    }
    if (key.startsWith("SliceObservations.")) return scope.cells ?? MAX_SLICE_CELLS;
    if (def.name === "labels") return sizes.maxLabels;
    if (parent.name.startsWith("__")) return introspectionSize(schema, def.name);
    return DEFAULT_LIST;
  }

  /** The scope a field's own selection is walked in. */
  function childScope(parent: GraphQLNamedType, field: FieldNode, def: GraphQLField<unknown, unknown>, scope: Scope, list: boolean): Scope {
    const key = `${parent.name}.${def.name}`;
    const next: Scope = { many: scope.many || list };
    if (key === "Query.codelists") next.codelist = "all";
    else if (key === "Query.codelist") {
      const id = argValue(field, "id");
      if (typeof id === "string") next.codelist = id;
    } else if (key === "Dimension.codelist") next.codelist = "dimension";
    else if (key === "Query.statusCodes") next.codelist = "OBS_STATUS";
    else if (scope.codelist !== undefined && (key === "Codelist.codes" || key.startsWith("Code."))) next.codelist = scope.codelist;
    if (key === "Query.observations" || key === "Query.auditLog") {
      const first = argValue(field, "first");
      const max = key === "Query.observations" ? MAX_PAGE_SIZE : 500;
      next.page = typeof first === "number" && first >= 0 ? Math.min(first, max) : key === "Query.observations" ? DEFAULT_PAGE_SIZE : 50;
    } else if (scope.page !== undefined && (parent.name.endsWith("Connection") || parent.name.endsWith("Edge"))) next.page = scope.page;
    if (key === "Query.slice") next.cells = sliceCells(inputOf(field, "filter", variables), inputOf(field, "dimensions", variables), sizes);
    else if (key === "Query.derived") next.cells = MAX_SLICE_CELLS;
    else if (scope.cells !== undefined && (parent.name === "Slice" || parent.name === "SliceObservations")) next.cells = scope.cells;
    return next;
  }

  function walkSet(set: SelectionSetNode, parent: GraphQLNamedType, scope: Scope): Walk {
    const total: Walk = { cost: 0, depth: 0, dataFields: 0 };
    for (const selection of set.selections) {
      let part: Walk;
      if (selection.kind === Kind.FIELD) part = walkField(selection, parent, scope);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        part = walkSet(selection.selectionSet, type, scope);
      } else part = walkFragment(selection.name.value, scope);
      total.cost += part.cost;
      total.depth = Math.max(total.depth, part.depth);
      total.dataFields += part.dataFields;
    }
    return total;
  }

  function walkFragment(name: string, scope: Scope): Walk {
    const key = `${name}#${scopeKey(scope)}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown fragments and cycles are validation errors; Apollo refuses them before this runs.
    if (!fragment || active.has(key)) return { cost: 0, depth: 0, dataFields: 0 };
    active.add(key);
    const type = schema.getType(fragment.typeCondition.name.value);
    const result = type ? walkSet(fragment.selectionSet, type, scope) : { cost: 0, depth: 0, dataFields: 0 };
    active.delete(key);
    memo.set(key, result);
    return result;
  }

  function walkField(field: FieldNode, parent: GraphQLNamedType, scope: Scope): Walk {
    const name = field.name.value;
    const introspection = name.startsWith("__");
    const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    const dataField = parent === queryType && DATA_FIELDS.has(name) ? 1 : 0;
    if (name === "__schema" || name === "__type") {
      const schemaType = schema.getType(name === "__schema" ? "__Schema" : "__Type");
      const inner = field.selectionSet && schemaType ? walkSet(field.selectionSet, schemaType, { many: false }) : { cost: 0 };
      return { cost: 1 + inner.cost, depth: 0, dataFields: 0 };
    }
    if (!def) return { cost: 1, depth: introspection ? 0 : 1, dataFields: dataField };
    const weight = WEIGHTS[`${parent.name}.${name}`] ?? 0;
    const type = getNullableType(def.type);
    const list = isListType(type);
    const size = list ? listSize(parent, field, def, scope) : 1;
    if (!field.selectionSet) {
      // A scalar (or a list of scalars, serialised without resolvers): a tenth per item.
      return { cost: 1 + weight + (list ? size / 10 : 0), depth: introspection ? 0 : 1, dataFields: dataField };
    }
    const inner = walkSet(field.selectionSet, getNamedType(def.type), childScope(parent, field, def, scope, list && size > 1));
    const depth = parent.name.startsWith("__") ? 0 : 1 + inner.depth;
    return { cost: 1 + weight + Math.max(1, size) * inner.cost, depth, dataFields: dataField + inner.dataFields };
  }

  const root = operationRoot(schema, operation);
  if (!root) return { cost: 0, depth: 0, dataFields: 0, aliases };
  const result = walkSet(operation.selectionSet, root, { many: false });
  return { cost: Math.ceil(result.cost), depth: result.depth, dataFields: result.dataFields, aliases };
}

function operationRoot(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLNamedType | null | undefined {
  if (operation.operation === "query") return schema.getQueryType();
  if (operation.operation === "mutation") return schema.getMutationType();
  return schema.getSubscriptionType();
}

/** Expected sizes of introspection lists: the schema's own counts. */
function introspectionSize(schema: GraphQLSchema, field: string): number {
  const types = Object.values(schema.getTypeMap());
  if (field === "types") return types.length;
  if (field === "fields" || field === "inputFields" || field === "enumValues") {
    const counts = types.map((t) => (isObjectType(t) || isInterfaceType(t) ? Object.keys(t.getFields()).length : 0));
    return Math.max(1, Math.ceil(counts.reduce((a, b) => a + b, 0) / types.length));
  }
  return 5;
}

function valueOf(node: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (node.kind) {
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.STRING:
      return node.value;
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    default:
      return undefined;
  }
}

/** An argument's value with objects and lists (variables substituted), for reading a filter. */
function inputOf(field: FieldNode, name: string, variables: Record<string, unknown> | undefined): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? literalOf(arg.value, variables) : undefined;
}

function literalOf(node: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (node.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalOf(f.value, variables)]));
    case Kind.LIST:
      return node.values.map((v) => literalOf(v, variables));
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      return node.value;
    default:
      return valueOf(node, variables);
  }
}

/**
 * Most cells a `slice` may read, from its arguments alone (no data read): the product over the table's cell
 * axes of the codes each may take (a list's length when hierarchy nodes are not expanded, else every code of
 * the axis's list; the years between `timeFrom` and `timeTo`), capped by the slice limit. The source counts
 * once per cell unless the slice asks for it as a dimension (left out, several sources per cell are refused as
 * ambiguous). Anything not known statically (no table, open years, a roll-up, which reads below its codes)
 * counts the cap, as before.
 */
export function sliceCells(filter: unknown, dimensions: unknown, sizes: ListSizes): number {
  if (!filter || typeof filter !== "object") return MAX_SLICE_CELLS;
  const f = filter as Record<string, unknown>;
  const table = typeof f.table === "number" ? getTable(f.table) : undefined;
  if (!table) return MAX_SLICE_CELLS;
  const requested = Array.isArray(dimensions) ? (dimensions as { dimension?: unknown; level?: unknown }[]) : null;
  if (requested?.some((d) => d && typeof d === "object" && d.level != null)) return MAX_SLICE_CELLS;
  const expand = f.expandHierarchy !== false;
  let cells = 1;
  for (const axis of cellAxes(table)) {
    const list = f[axis.key];
    const given = Array.isArray(list) && (!expand || axis.key === "source") ? list.length : null;
    let n: number;
    if (axis.key === "time") {
      if (typeof f.timeFrom !== "number" || typeof f.timeTo !== "number") return MAX_SLICE_CELLS;
      n = Math.max(0, f.timeTo - f.timeFrom + 1);
    } else if (axis.key === "source") {
      const asked = requested?.some((d) => d?.dimension === "source") ?? false;
      n = given ?? (asked ? sizes.sources : 1);
    } else if (given !== null) n = given;
    else if (axis.key === "refArea") n = sizes.countries + sizes.countryGroups;
    else n = (axis.codelist ? sizes.codesPerList.get(axis.codelist) : undefined) ?? MAX_SLICE_CELLS;
    cells *= n;
    if (cells >= MAX_SLICE_CELLS) return MAX_SLICE_CELLS;
  }
  return cells;
}

/** Counts aliased fields in one pass over the document (an explicit stack: no recursion on hostile input). */
function countAliases(document: DocumentNode, found: () => void): void {
  const stack: SelectionSetNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) stack.push(def.selectionSet);
  }
  while (stack.length > 0) {
    const set = stack.pop()!;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) found();
        if (selection.selectionSet) stack.push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) stack.push(selection.selectionSet);
    }
  }
}
