import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * What an anonymous caller may run: signing up and in, the mailed links (verifyEmail, password reset: the token is the
 * credential), and nothing that reads or moves anyone's data.
 */
const PUBLIC_ROOT_FIELDS: Record<string, ReadonlySet<string>> = {
  query: new Set(['__typename']),
  mutation: new Set(['__typename', 'register', 'login', 'refreshSession', 'logout', 'verifyEmail', 'requestPasswordReset', 'resetPassword']),
  subscription: new Set(),
};
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

export function rootFieldNames(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const names: string[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) names.push(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        const frag = fragments.get(sel.name.value);
        if (frag) visit(frag.selectionSet, new Set([...seen, sel.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return names;
}

/** Throws UNAUTHENTICATED when an anonymous operation reaches beyond the public fields. */
export function assertAnonymousMayRun(operation: OperationDefinitionNode, document: DocumentNode, allowIntrospection: boolean) {
  const allowed = PUBLIC_ROOT_FIELDS[operation.operation] ?? new Set<string>();
  for (const field of rootFieldNames(operation, document)) {
    if (allowed.has(field)) continue;
    if (allowIntrospection && INTROSPECTION_FIELDS.has(field)) continue;
    throw new GraphQLError('Authentication required', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}
