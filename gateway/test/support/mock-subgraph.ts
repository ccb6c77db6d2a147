import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  GraphQLError,
  execute,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  validate,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLResolveInfo,
} from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';

/**
 * A subgraph that answers any query of its SDL with made-up but deterministic data: every value is derived from a
 * hash of the object it belongs to (its key fields for an entity, its parent's seed and field otherwise), so two
 * gateways sending the same fetches get byte-identical answers, whatever order the fetches arrive in.
 *
 * Some values are deliberately bad: nullable fields are sometimes null, and some fields (nullable or not) fail with
 * an error, which a subgraph answers with `null` propagated and an `errors` entry with a path — the cases where
 * gateways differ most.
 */
export interface MockSubgraph {
  name: string;
  url: string;
  requests: number;
  close(): Promise<void>;
}

export interface MockOptions {
  /** One field in `errorEvery` fails (0: none). */
  errorEvery?: number;
  /** One nullable field in `nullEvery` is null (0: none). */
  nullEvery?: number;
  /** Longest list made up. */
  maxList?: number;
}

export function hashOf(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

function seedOf(source: unknown, info: GraphQLResolveInfo): string {
  const obj = (source ?? {}) as Record<string, unknown>;
  if (typeof obj.__seed === 'string') return obj.__seed;
  // An entity from `_entities`: its representation (the keys and required fields) is its identity.
  const keys = Object.keys(obj).filter((k) => k !== '__seed').sort();
  return keys.length ? `${info.parentType.name}:${keys.map((k) => `${k}=${JSON.stringify(obj[k])}`).join(',')}` : info.parentType.name;
}

function mockSchema(sdl: string, options: Required<MockOptions>): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl) });
  const made = (type: GraphQLOutputType, seed: string, depthKey: string): unknown => {
    const h = hashOf(seed);
    if (isNonNullType(type)) return made(type.ofType, seed, depthKey);
    if (isListType(type)) {
      const length = h % (options.maxList + 1);
      return Array.from({ length }, (_, i) => made(type.ofType, `${seed}[${i}]`, depthKey));
    }
    const named = getNamedType(type);
    if (isAbstractType(named)) {
      const possible = schema.getPossibleTypes(named);
      return { __typename: possible[h % possible.length]!.name, __seed: seed };
    }
    if (isObjectType(named)) return { __seed: seed };
    if (isEnumType(named)) {
      const values = named.getValues();
      return values[h % values.length]!.value;
    }
    switch (named.name) {
      case 'Int':
        return h % 1000;
      case 'Float':
        return (h % 10_000) / 100;
      case 'Boolean':
        return h % 2 === 0;
      case 'ID':
        // Few distinct ids, so that the same entity turns up in several places of one response.
        return `${depthKey}-${h % 7}`;
      case 'DateTime':
        return new Date(Date.UTC(2026, 0, 1) + (h % 1_000_000) * 1000).toISOString();
      default:
        return `${depthKey}-${(h % 100_000).toString(36)}`;
    }
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('_') || type.name.startsWith('__')) continue;
    if (isAbstractType(type)) {
      type.resolveType = (value: { __typename?: string }) => value.__typename ?? schema.getPossibleTypes(type)[0]!.name;
      continue;
    }
    if (!isObjectType(type)) continue;
    const root = type === schema.getQueryType() || type === schema.getMutationType();
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (root && field.name.startsWith('_')) continue;
      field.resolve = (source, args, _ctx, info) => {
        const obj = (source ?? {}) as Record<string, unknown>;
        if (!root && Object.prototype.hasOwnProperty.call(obj, info.fieldName) && info.fieldName !== '__seed') {
          const given = obj[info.fieldName];
          if (!(given !== null && typeof given === 'object' && !Array.isArray(given))) return given;
        }
        const seed = `${seedOf(source, info)}.${info.fieldName}(${JSON.stringify(args)})`;
        const h = hashOf(`fate:${seed}`);
        if (options.errorEvery && h % options.errorEvery === 0) {
          throw new GraphQLError(`mock failure of ${info.parentType.name}.${info.fieldName}`, { extensions: { code: h % 2 ? 'MOCK_FAILURE' : undefined } });
        }
        if (options.nullEvery && !isNonNullType(info.returnType) && (h >> 8) % options.nullEvery === 0) return null;
        return made(info.returnType, seed, `${info.parentType.name}.${info.fieldName}`.toLowerCase());
      };
    }
  }
  return schema;
}

/** Starts a mock of one subgraph on loopback. */
export async function startMockSubgraph(name: string, sdl: string, options: MockOptions = {}): Promise<MockSubgraph> {
  const schema = mockSchema(sdl, { errorEvery: 0, nullEvery: 0, maxList: 3, ...options });
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      state.requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown>; operationName?: string };
      const document = parse(body.query);
      const invalid = validate(schema, document);
      const result = invalid.length
        ? { errors: invalid.map((e) => e.toJSON()) }
        : await execute({ schema, document, variableValues: body.variables, operationName: body.operationName });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    name,
    url,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Values for an operation's variables: every required input filled, strings carrying `salt`. */
export function madeUpValue(type: GraphQLInputType, salt: string): unknown {
  if (isNonNullType(type)) return madeUpValue(type.ofType, salt);
  if (isListType(type)) return [madeUpValue(type.ofType, `${salt}0`)];
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) if (isNonNullType(field.type)) out[field.name] = madeUpValue(field.type, `${salt}.${field.name}`);
    return out;
  }
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return 3;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'DateTime':
        return '2026-01-01T00:00:00.000Z';
      default:
        return salt;
    }
  }
  return null;
}
