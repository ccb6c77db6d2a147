import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, getNamedType, isCompositeType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import type { RootType } from './matrix.js';

/** The public schema's root fields, and the smallest operation selecting each (shared by the matrix's tests). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schema = buildSchema(readFileSync(path.join(root, 'schema', 'api.graphql'), 'utf8'));
export const ROOTS: RootType[] = ['Query', 'Mutation', 'Subscription'];

export function fieldsOf(rootType: RootType): GraphQLField<unknown, unknown>[] {
  const type = schema.getType(rootType) as GraphQLObjectType | undefined;
  return type ? Object.values(type.getFields()) : [];
}

/**
 * The smallest operation that selects one root field: every argument as a variable (no values are sent, so no
 * argument has to be invented; the gateway decides who may run the operation before it coerces variables).
 */
export function operationFor(rootType: RootType, field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`);
  const args = field.args.map((a) => `${a.name}: $${a.name}`);
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${rootType.toLowerCase()} Probe${vars.length ? `(${vars.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}
