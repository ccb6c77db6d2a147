import {
  Kind,
  parse,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { keyMayResolve, REQUIRES_SCOPES, scopeRulesOf, type ScopeRules } from '@paygraph/platform/scopes';

const SCOPES_SPEC = 'https://specs.apollo.dev/requiresScopes/';

/**
 * The supergraph as composed carries `@requiresScopes` (a `for: SECURITY` feature). @apollo/gateway's planner does
 * not enforce it and so refuses such a supergraph; this gateway enforces it itself (below), so it reads the rules
 * and hands the planner, the executor and the subscription engine the supergraph without them.
 */
export function splitScopes(supergraphSdl: string): { rules: ScopeRules; plannable: string } {
  const document = parse(supergraphSdl);
  const rules = scopeRulesOf(document);
  if (rules.size === 0) return { rules, plannable: supergraphSdl };
  const stripped = visit(document, {
    Directive(node) {
      if (node.name.value === REQUIRES_SCOPES) return null;
      if (node.name.value === 'link') {
        const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
        if (url?.kind === Kind.STRING && url.value.startsWith(SCOPES_SPEC)) return null;
      }
      return undefined;
    },
    DirectiveDefinition(node) {
      return node.name.value === REQUIRES_SCOPES ? null : undefined;
    },
    ScalarTypeDefinition(node) {
      return node.name.value === `${REQUIRES_SCOPES}__Scope` ? null : undefined;
    },
  });
  return { rules, plannable: `${print(stripped)}\n` };
}

/**
 * The fields of one operation an API key is refused (the first refusal), walking fragments with the schema's type
 * information. Computed once per parsed document and operation: Apollo keeps the parsed document of a query string,
 * so a key's repeated operation costs a WeakMap lookup.
 */
export class ScopeChecker {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, RequiredField[]>>();

  constructor(private readonly rules: ScopeRules) {}

  /** Throws FORBIDDEN (with `extensions.missingScopes`) when the key's scopes do not open every field it selects. */
  assertAllowed(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, scopes: readonly string[]): void {
    for (const field of this.fieldsOf(schema, document, operation)) {
      const refused = keyMayResolve(this.rules, field.type, field.name, scopes);
      if (refused) throw refused;
    }
  }

  private fieldsOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): RequiredField[] {
    let perOperation = this.byDocument.get(document);
    if (!perOperation) this.byDocument.set(document, (perOperation = new Map()));
    const key = operation.name?.value ?? '';
    let fields = perOperation.get(key);
    if (!fields) perOperation.set(key, (fields = this.collect(schema, document, operation)));
    return fields;
  }

  /** Every (parent type, field) the operation can reach that a key could be refused at, fragments included. */
  private collect(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): RequiredField[] {
    const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
    const seen = new Set<string>();
    const out: RequiredField[] = [];
    const walk = (node: DocumentNode['definitions'][number], visited: Set<string>) => {
      const typeInfo = new TypeInfo(schema);
      visit(
        node,
        visitWithTypeInfo(typeInfo, {
          Field(field) {
            const parent = typeInfo.getParentType();
            if (!parent) return;
            const coordinate = `${parent.name}.${field.name.value}`;
            if (seen.has(coordinate)) return;
            seen.add(coordinate);
            out.push({ type: parent.name, name: field.name.value });
          },
          FragmentSpread(spread) {
            const fragment = fragments.get(spread.name.value);
            if (!fragment || visited.has(fragment.name.value)) return;
            // A named fragment is walked where it is defined (its type condition sets the parent type).
            walk(fragment, new Set([...visited, fragment.name.value]));
          },
        }),
      );
    };
    walk(operation, new Set());
    return out;
  }
}

interface RequiredField {
  type: string;
  name: string;
}
