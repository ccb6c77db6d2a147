import {
  defaultFieldResolver,
  GraphQLError,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import type { Identity } from './identity.js';

/**
 * Partner API keys carry scopes (issue 13); the fields they open are marked in the subgraphs' SDL with federation's
 * `@requiresScopes(scopes: [["payments:read"]])` (OR of groups, AND within a group, as federation defines it). The
 * gateway checks a whole operation against the composed supergraph before planning; each subgraph checks again, per
 * field, from the identity the gateway forwarded, so a subgraph reached some other way is no wider open.
 *
 * What a key may touch: a field with `@requiresScopes` needs one of its groups; a root field (Query, Mutation,
 * Subscription) without one is closed to keys altogether (signing in, sessions, keys themselves, KYC, cards); other
 * fields are open once their parent was reached. A person's own signed-in session is not limited by scopes.
 */
export const API_SCOPES = [
  'payments:read',
  'payments:write',
  'checkout:write',
  'webhooks:manage',
  'balance:read',
  /** The account owner's accounts, KYC state and linked instruments. */
  'account:read',
  'notifications:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const REQUIRES_SCOPES = 'requiresScopes';
/** Federation machinery reachable by the gateway's own fetches: what they return is checked field by field. */
const ROOT_FIELDS_OPEN_TO_KEYS = new Set(['__typename', '_entities', '_service', '__schema', '__type']);
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** `Type.field` → the groups of scopes that open it. */
export type ScopeRules = Map<string, string[][]>;

function scopesArgument(value: ValueNode | undefined): string[][] | null {
  if (!value || value.kind !== Kind.LIST) return null;
  const groups: string[][] = [];
  for (const group of value.values) {
    if (group.kind === Kind.STRING) groups.push([group.value]);
    else if (group.kind === Kind.LIST) groups.push(group.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])));
  }
  return groups;
}

/** The `@requiresScopes` of every field in an SDL document (a subgraph's schema.graphql, or the supergraph). */
export function scopeRulesOf(document: DocumentNode): ScopeRules {
  const rules: ScopeRules = new Map();
  for (const def of document.definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of def.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === REQUIRES_SCOPES);
      const groups = scopesArgument(directive?.arguments?.find((a) => a.name.value === 'scopes')?.value);
      if (groups) rules.set(`${def.name.value}.${field.name.value}`, groups);
    }
  }
  return rules;
}

/** The scopes of the first group the key lacks least of; empty when one group is satisfied. */
export function missingScopes(groups: readonly (readonly string[])[], held: readonly string[]): string[] {
  let best: string[] | null = null;
  for (const group of groups) {
    const missing = group.filter((s) => !held.includes(s));
    if (missing.length === 0) return [];
    if (!best || missing.length < best.length) best = missing;
  }
  return best ?? [];
}

export function scopeError(coordinate: string, missing: string[]): GraphQLError {
  const error = new GraphQLError(
    missing.length > 0
      ? `API key lacks the scope ${missing.join(', ')} needed for ${coordinate}`
      : `${coordinate} is not available to API keys`,
    { extensions: { code: 'FORBIDDEN', field: coordinate, missingScopes: missing, http: { status: 403 } } },
  );
  return error;
}

/** What a key identity may not resolve at `Type.field`: the error to raise, or null. */
export function keyMayResolve(rules: ScopeRules, typeName: string, fieldName: string, scopes: readonly string[]): GraphQLError | null {
  const coordinate = `${typeName}.${fieldName}`;
  const groups = rules.get(coordinate);
  if (groups) {
    const missing = missingScopes(groups, scopes);
    return missing.length > 0 ? scopeError(coordinate, missing) : null;
  }
  if (ROOT_TYPES.has(typeName) && !ROOT_FIELDS_OPEN_TO_KEYS.has(fieldName)) return scopeError(coordinate, []);
  return null;
}

/**
 * The subgraph's own check: every field a key could be refused at is wrapped so that a key identity without the
 * scope gets FORBIDDEN there (the rest of the response is unaffected). Identities of people and services pass.
 */
export function enforceScopes(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const rules = scopeRulesOf(typeDefs);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = ROOT_TYPES.has(type.name);
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (!rules.has(coordinate) && !(root && !ROOT_FIELDS_OPEN_TO_KEYS.has(field.name))) continue;
      const resolve: GraphQLFieldResolver<unknown, { identity?: Identity }> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const identity = ctx?.identity;
        if (identity?.apiKey) {
          const refused = keyMayResolve(rules, type.name, field.name, identity.scopes);
          if (refused) throw refused;
        }
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}
