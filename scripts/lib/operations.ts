/**
 * Registered operations (schema/operations/*.graphql): the operations Paygraph's clients and partners run, copied
 * unchanged from the shared reference set. Each must validate against the API schema, except the ones listed in
 * schema/operations/pending.json, whose fields a later issue brings; a pending operation that validates must be
 * un-pended, so the list cannot rot.
 *
 * contract.graphql (same folder) is not operations but the input shapes and enum values the operations rely on;
 * validation alone cannot see them (a variable's input type is checked by name only), so they get their own check.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  GraphQLError,
  Kind,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
} from 'graphql';
import { z } from 'zod';

export const OPERATIONS_DIR = path.join('schema', 'operations');
export const PENDING_FILE = path.join(OPERATIONS_DIR, 'pending.json');
/** Generated (npm run compose / npm run trusted-documents): what the gateway accepts by hash. */
export const TRUSTED_DOCUMENTS_FILE = path.join('schema', 'trusted-documents.json');

/**
 * The registered operations as an Apollo persisted-query manifest: `id` is the SHA-256 (hex) of `body`, the operation
 * and the fragments it uses as graphql-js prints them. The gateway serves a request naming an id in
 * `extensions.persistedQuery.sha256Hash` from here, and in trusted-documents mode runs nothing else (gateway/src/trusted-documents.ts).
 */
export function trustedDocumentsManifest(operations: readonly RegisteredOperation[]): string {
  const entries = operations.map((op) => {
    const body = print(op.document);
    return { id: createHash('sha256').update(body).digest('hex'), name: op.name, type: op.kind, body };
  });
  return `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: entries }, null, 2)}\n`;
}

export interface RegisteredOperation {
  /** Relative to the root. */
  file: string;
  name: string;
  kind: 'query' | 'mutation' | 'subscription';
  /** The operation plus the fragments it uses: what a client sends. */
  document: DocumentNode;
}

export interface LoadedOperations {
  operations: RegisteredOperation[];
  /** Type-system documents in the folder (contract.graphql), by relative file name. */
  contracts: { file: string; document: DocumentNode }[];
  errors: string[];
}

const isExecutable = (d: DefinitionNode) =>
  d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION;

function usedFragments(op: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  const used = new Map<string, FragmentDefinitionNode>();
  const queue: DefinitionNode[] = [op];
  while (queue.length > 0) {
    visit(queue.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !used.has(node.name.value)) {
          used.set(node.name.value, fragment);
          queue.push(fragment);
        }
      },
    });
  }
  return [...used.values()];
}

/** Every operation in schema/operations/*.graphql, in file order. Unnamed or duplicate names are errors. */
export async function loadRegisteredOperations(root: string): Promise<LoadedOperations> {
  const dir = path.join(root, OPERATIONS_DIR);
  const result: LoadedOperations = { operations: [], contracts: [], errors: [] };
  if (!existsSync(dir)) return result;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.graphql')).sort();
  const seen = new Map<string, string>();
  for (const f of files) {
    const file = path.join(OPERATIONS_DIR, f);
    let document: DocumentNode;
    try {
      document = parse(await readFile(path.join(dir, f), 'utf8'));
    } catch (error) {
      result.errors.push(`${file}: does not parse: ${(error as Error).message}`);
      continue;
    }
    if (!document.definitions.some(isExecutable)) {
      result.contracts.push({ file, document });
      continue;
    }
    if (!document.definitions.every(isExecutable)) {
      result.errors.push(`${file}: mixes operations and type definitions; keep them in separate files.`);
      continue;
    }
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    for (const op of document.definitions) {
      if (op.kind !== Kind.OPERATION_DEFINITION) continue;
      const name = op.name?.value;
      if (!name) {
        result.errors.push(`${file}: an operation has no name; registered operations must be named.`);
        continue;
      }
      if (seen.has(name)) {
        result.errors.push(`${file}: operation ${name} is also defined in ${seen.get(name)}; names must be unique.`);
        continue;
      }
      seen.set(name, file);
      result.operations.push({
        file,
        name,
        kind: op.operation,
        document: { kind: Kind.DOCUMENT, definitions: [op, ...usedFragments(op, fragments)] },
      });
    }
  }
  return result;
}

const pendingSchema = z.record(z.string().min(1), z.string().min(1, 'say which issue brings the missing fields'));

/** schema/operations/pending.json: operation name → the issue that brings its fields. */
export async function loadPending(root: string): Promise<{ pending: Map<string, string>; errors: string[] }> {
  const file = path.join(root, PENDING_FILE);
  if (!existsSync(file)) return { pending: new Map(), errors: [] };
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const { $comment: _, ...entries } = raw;
    return { pending: new Map(Object.entries(pendingSchema.parse(entries))), errors: [] };
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    return { pending: new Map(), errors: [`${PENDING_FILE}: ${message}`] };
  }
}

export interface OperationCheck {
  validated: RegisteredOperation[];
  stillPending: { op: RegisteredOperation; issue: string }[];
  problems: string[];
}

function formatError(error: GraphQLError): string {
  const at = error.locations?.map((l) => `${l.line}:${l.column}`).join(', ');
  return `${error.message}${at ? ` (line ${at})` : ''}`;
}

/** Validates every registered operation against the API schema, honouring (and policing) the pending list. */
export function checkOperations(
  schema: GraphQLSchema,
  operations: RegisteredOperation[],
  pending: Map<string, string>,
): OperationCheck {
  const result: OperationCheck = { validated: [], stillPending: [], problems: [] };
  for (const op of operations) {
    const errors = [...validate(schema, op.document)];
    // graphql 16's validation rules let an operation through when the schema lacks its root type at all.
    if (!schema.getRootType(op.kind as OperationTypeNode)) {
      errors.unshift(new GraphQLError(`The API schema has no ${op.kind} root type.`));
    }
    const issue = pending.get(op.name);
    if (issue === undefined) {
      if (errors.length === 0) result.validated.push(op);
      else
        result.problems.push(
          `${op.file}: ${op.kind} ${op.name} no longer validates against the API schema:\n` +
            errors.map((e) => `      - ${formatError(e)}`).join('\n'),
        );
    } else if (errors.length === 0) {
      result.problems.push(
        `${op.file}: ${op.kind} ${op.name} is listed as pending (${issue}) but validates now: ` +
          `remove "${op.name}" from ${PENDING_FILE} so it is checked from now on.`,
      );
    } else {
      result.stillPending.push({ op, issue });
    }
  }
  const names = new Set(operations.map((o) => o.name));
  for (const name of pending.keys()) {
    if (!names.has(name)) result.problems.push(`${PENDING_FILE}: "${name}" is not a registered operation; remove it.`);
  }
  return result;
}

export interface ContractCheck {
  present: string[];
  absent: string[];
  problems: string[];
}

/**
 * The contract's input types and enums, where the API schema has them, must stay usable by the registered operations:
 * every contract input field with the same type (or a relaxed, nullable one), no extra required input field without a
 * default, every contract enum value. A contract type not in the graph yet is reported as absent (the issue bringing
 * it has not landed); once nothing is pending, every contract type must be there.
 */
export function checkContract(schema: GraphQLSchema, contract: { file: string; document: DocumentNode }): ContractCheck {
  const result: ContractCheck = { present: [], absent: [], problems: [] };
  for (const def of contract.document.definitions) {
    if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      const name = def.name.value;
      const type = schema.getType(name);
      if (!type) {
        result.absent.push(name);
        continue;
      }
      result.present.push(name);
      if (!isInputObjectType(type)) {
        result.problems.push(`${contract.file}: ${name} must be an input type; the API schema has it as ${type}.`);
        continue;
      }
      const fields = type.getFields();
      const promised = new Set<string>();
      for (const field of def.fields ?? []) {
        const fieldName = field.name.value;
        promised.add(fieldName);
        const wanted = print(field.type);
        const actual = fields[fieldName];
        if (!actual) {
          result.problems.push(`${contract.file}: input ${name}.${fieldName}: ${wanted} is missing from the API schema.`);
          continue;
        }
        const got = String(actual.type);
        const relaxed = wanted.endsWith('!') && got === wanted.slice(0, -1);
        if (got !== wanted && !relaxed) {
          result.problems.push(`${contract.file}: input ${name}.${fieldName} must be ${wanted}; the API schema has ${got}.`);
        }
      }
      for (const [fieldName, field] of Object.entries(fields)) {
        if (!promised.has(fieldName) && isNonNullType(field.type) && field.defaultValue === undefined) {
          result.problems.push(
            `${contract.file}: input ${name}.${fieldName}: ${field.type} is required but not in the contract; ` +
              'fields added to contract inputs must be optional (nullable or with a default).',
          );
        }
      }
    } else if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      const name = def.name.value;
      const type = schema.getType(name);
      if (!type) {
        result.absent.push(name);
        continue;
      }
      result.present.push(name);
      if (!isEnumType(type)) {
        result.problems.push(`${contract.file}: ${name} must be an enum; the API schema has it as ${type}.`);
        continue;
      }
      const values = new Set(type.getValues().map((v) => v.name));
      const missing = (def.values ?? []).map((v) => v.name.value).filter((v) => !values.has(v));
      if (missing.length > 0) {
        result.problems.push(`${contract.file}: enum ${name} is missing ${missing.join(', ')} in the API schema.`);
      }
    }
  }
  return result;
}

/** The registered copies must stay byte-identical to the shared reference set they were copied from. */
export async function compareWithShared(
  root: string,
  sharedDir: string,
): Promise<{ problems: string[]; compared: number }> {
  const problems: string[] = [];
  const files = (await readdir(sharedDir)).filter((f) => f.endsWith('.graphql')).sort();
  for (const f of files) {
    const copy = path.join(root, OPERATIONS_DIR, f);
    const shared = await readFile(path.join(sharedDir, f), 'utf8');
    if (!existsSync(copy)) {
      problems.push(`${path.join(OPERATIONS_DIR, f)} is missing: copy it from ${path.join(sharedDir, f)}.`);
    } else if ((await readFile(copy, 'utf8')) !== shared) {
      problems.push(
        `${path.join(OPERATIONS_DIR, f)} differs from ${path.join(sharedDir, f)}: registered operations are exact copies; ` +
          `cp ${path.join(sharedDir, f)} ${path.join(OPERATIONS_DIR, f)}`,
      );
    }
  }
  return { problems, compared: files.length };
}
