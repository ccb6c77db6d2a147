import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Validation rules that refuse abusive documents before any subgraph is called: nesting depth, alias count (alias
 * amplification), and root field count. Token count is bounded by the parser (`parseOptions.maxTokens`) and the body
 * size by the HTTP layer. Fragments are followed (and fragment cycles are already refused by graphql-js).
 */
export const LIMIT_CODE = 'QUERY_TOO_COMPLEX';

/** Apollo re-labels every validation error GRAPHQL_VALIDATION_FAILED; `limit` lets formatError restore our code. */
function limitError(message: string, limit: string) {
  return new GraphQLError(message, { extensions: { code: LIMIT_CODE, limit, http: { status: 400 } } });
}

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode, seen: Set<string>): number => {
      let max = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          max = Math.max(max, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, seen) : 0));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(sel.selectionSet, seen));
        } else {
          const frag = fragments.get(sel.name.value);
          if (!frag || seen.has(frag.name.value)) continue;
          max = Math.max(max, depthOf(frag.selectionSet, new Set([...seen, frag.name.value])));
        }
        if (max > maxDepth) return max;
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) context.reportError(limitError(`Query depth ${depth} exceeds the limit of ${maxDepth}`, 'depth'));
      },
    };
  };
}

export function aliasLimitRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(node) {
        if (node.alias) aliases++;
        if (aliases > maxAliases && !reported) {
          reported = true;
          context.reportError(limitError(`More than ${maxAliases} aliases in one document`, 'aliases'));
        }
      },
    };
  };
}

export function rootFieldLimitRule(maxRootFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    // Fragments on the root type run as root fields: counting only the operation's own selections let any number
    // of them through one spread.
    const countOf = (set: SelectionSetNode, seen: Set<string>): number => {
      let count = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) count++;
        else if (sel.kind === Kind.INLINE_FRAGMENT) count += countOf(sel.selectionSet, seen);
        else {
          const frag = fragments.get(sel.name.value);
          if (!frag || seen.has(frag.name.value)) continue;
          count += countOf(frag.selectionSet, new Set([...seen, frag.name.value]));
        }
        if (count > maxRootFields) return count;
      }
      return count;
    };
    return {
      OperationDefinition(node) {
        if (countOf(node.selectionSet, new Set()) > maxRootFields) {
          context.reportError(limitError(`More than ${maxRootFields} root fields in one operation`, 'rootFields'));
        }
      },
    };
  };
}

/**
 * What Apollo's `hideSchemaDetailsFromClientErrors` does to validation errors on HTTP, for the paths Apollo does not
 * serve (graphql-ws): with introspection off, "Did you mean …" would let a client enumerate the schema.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}
