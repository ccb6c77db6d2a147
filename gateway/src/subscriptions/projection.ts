import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Answers a fetch of the query plan from a snapshot instead of a round trip: the owner published, with the event, its
 * own fields of the payload (`__typename` included on every object), and the plan's primary fetch selects only such
 * fields (plus keys of other subgraphs' entities). The result has the shape the owner's subgraph would have answered.
 * A selected field missing from the snapshot is a bug of the publisher, reported rather than guessed.
 */
export function projectOperation(document: DocumentNode, snapshotByRootField: (fieldName: string) => unknown): Record<string, unknown> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let selectionSet: SelectionSetNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) selectionSet ??= def.selectionSet;
  }
  if (!selectionSet) throw new Error('fetch operation without an operation');
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(selectionSet, fragments, undefined)) {
    out[field.alias?.value ?? field.name.value] = field.selectionSet
      ? project(snapshotByRootField(field.name.value), field.selectionSet, fragments, field.name.value)
      : snapshotByRootField(field.name.value);
  }
  return out;
}

type FieldNode = Extract<SelectionSetNode['selections'][number], { kind: Kind.FIELD }>;

function* fieldsOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, typename: string | undefined): Generator<FieldNode> {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) yield sel;
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (!sel.typeCondition || typename === undefined || sel.typeCondition.name.value === typename) yield* fieldsOf(sel.selectionSet, fragments, typename);
    } else {
      const frag = fragments.get(sel.name.value);
      if (frag && (typename === undefined || frag.typeCondition.name.value === typename)) yield* fieldsOf(frag.selectionSet, fragments, typename);
    }
  }
}

function project(value: unknown, set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v, i) => project(v, set, fragments, `${path}.${i}`));
  if (typeof value !== 'object') throw new Error(`snapshot has a scalar where ${path} selects fields`);
  const obj = value as Record<string, unknown>;
  const typename = typeof obj.__typename === 'string' ? obj.__typename : undefined;
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(set, fragments, typename)) {
    const name = field.name.value;
    const key = field.alias?.value ?? name;
    if (name === '__typename') {
      if (!typename) throw new Error(`snapshot object at ${path} has no __typename`);
      out[key] = typename;
      continue;
    }
    if (!(name in obj)) throw new Error(`snapshot lacks ${path}.${name}`);
    out[key] = field.selectionSet ? project(obj[name], field.selectionSet, fragments, `${path}.${name}`) : obj[name];
  }
  return out;
}
