import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, print, visit, Kind, type DefinitionNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { startStack, type Stack } from '@paygraph/stack';
import { dropTestDatabases, postGraphQL, testEnv, type GraphQLResponse } from '@paygraph/platform/testing';
import type { Env } from '@paygraph/platform/config';
import { RegisterDocument } from '../__generated__/operations.js';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface TestStack {
  env: Env;
  stack: Stack;
  /** Sends an operation through the gateway; `token` becomes `Authorization: Bearer <token>`. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /**
   * Runs a typed registered operation (test/__generated__/operations.ts, generated from schema/operations). `data`
   * is typed as present: a test that gets errors instead fails on its own assertions.
   */
  run<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, token?: string): Promise<{ status: number; data: R; errors?: GraphQLResponse['errors'] }>;
  /** Runs a registered operation from schema/operations (the public contract) by file and name. */
  op<T = any>(file: string, name: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** The whole graph in this process on random ports, on the machine's PostgreSQL/Redis and the test SQS endpoint. */
export async function bootStack(overrides: Env = {}): Promise<TestStack> {
  const env = testEnv({
    PASSWORD_SCRYPT_LOG_N: '12',
    SQS_WAIT_TIME_SECONDS: '1',
    // Every request here comes from 127.0.0.1: throttling has its own tests (subgraphs/users/test).
    REGISTER_MAX_PER_IP: '10000',
    LOGIN_MAX_PER_IP: '10000',
    CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
    ...overrides,
  });
  const stack = await startStack({ env, ports: 'random' });
  const gql: TestStack['gql'] = (query, variables = {}, token, headers = {}) =>
    postGraphQL(stack.gatewayUrl, query, variables, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
  return {
    env,
    stack,
    gql,
    op: (file, name, variables, token) => gql(operation(file, name), variables, token),
    run: async (document, variables, token) => {
      const res = await gql(print(document), variables, token);
      return res as { status: number; data: never; errors?: GraphQLResponse['errors'] };
    },
    stop: async () => {
      await stack.stop();
      await dropTestDatabases(env);
    },
  };
}

const cache = new Map<string, readonly DefinitionNode[]>();

/** One named operation (with the fragments it needs) from a registered operations file. */
export function operation(file: string, name: string): string {
  let defs = cache.get(file);
  if (!defs) {
    defs = parse(readFileSync(path.join(root, 'schema', 'operations', file), 'utf8')).definitions;
    cache.set(file, defs);
  }
  const op = defs.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!op) throw new Error(`No operation ${name} in ${file}`);
  // Only the fragments it uses (transitively): graphql-js refuses a document with an unused one.
  const fragments = new Map(defs.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const used = new Set<string>();
  const queue: DefinitionNode[] = [op];
  while (queue.length > 0) {
    visit(queue.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !used.has(node.name.value)) {
          used.add(node.name.value);
          queue.push(fragment);
        }
      },
    });
  }
  return [op, ...[...fragments.values()].filter((f) => used.has(f.name.value))].map((d) => print(d)).join('\n');
}

let counter = 0;
/** A unique, valid email for a test user. */
export function email(tag = 'user'): string {
  return `${tag}.${Date.now().toString(36)}.${(counter++).toString(36)}@example.test`;
}

export const PASSWORD = 'correct horse battery staple';

export async function registerUser(t: TestStack, displayName = 'Test User') {
  const res = await t.run(RegisterDocument, {
    input: { email: email(displayName.split(' ')[0]!.toLowerCase()), password: PASSWORD, displayName },
  });
  const payload = res.data?.register;
  if (!payload?.accessToken || !payload.user || !payload.refreshToken || !payload.user.email) {
    throw new Error(`register failed: ${JSON.stringify(res)}`);
  }
  return { id: payload.user.id, email: payload.user.email, accessToken: payload.accessToken, refreshToken: payload.refreshToken };
}
