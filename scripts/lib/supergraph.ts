/**
 * Subgraph SDL → snapshots → supergraph, offline. Works from each subgraph's schema.graphql only (no resolver code),
 * so it runs before, and independently of, the services themselves.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { isSubgraphName, subgraphNames, subgraphUrl, type SubgraphName } from './subgraphs.js';

export interface SubgraphSource {
  name: SubgraphName;
  url: string;
  /** Path of the hand-written SDL, relative to the root. */
  file: string;
  /** What the subgraph serves at `_service { sdl }`: printSubgraphSchema of the built subgraph schema. */
  snapshot: string;
}

export type Composition =
  | {
      ok: true;
      subgraphs: SubgraphSource[];
      supergraphSdl: string;
      apiSchema: GraphQLSchema;
      /** Composition hints (inconsistencies that compose but deserve a look); never fatal. */
      hints: string[];
    }
  | { ok: false; subgraphs: SubgraphSource[]; errors: string[] };

/** Every `subgraphs/<name>/` with a schema.graphql, in subgraph-table order. Unknown names are an error. */
export async function findSubgraphDirs(root: string): Promise<{ names: SubgraphName[]; errors: string[] }> {
  const dir = path.join(root, 'subgraphs');
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const found = entries
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'schema.graphql')))
    .map((e) => e.name);
  const errors = found
    .filter((name) => !isSubgraphName(name))
    .map(
      (name) =>
        `subgraphs/${name}/schema.graphql: "${name}" has no port in scripts/lib/subgraphs.ts; add it to subgraphPorts.`,
    );
  return { names: subgraphNames.filter((name) => found.includes(name)), errors };
}

/** The SDL a subgraph built from `sdl` serves at `_service { sdl }`. Throws on SDL that does not build. */
export function subgraphSnapshot(sdl: string): string {
  return printSubgraphSchema(buildSubgraphSchema({ typeDefs: parse(sdl) }));
}

function describe(error: unknown): string {
  if (error instanceof GraphQLError) {
    const at = error.locations?.map((l) => `${l.line}:${l.column}`).join(', ');
    const code = (error.extensions?.code as string | undefined) ?? undefined;
    return `${code ? `[${code}] ` : ''}${error.message}${at ? ` (at ${at})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Builds every subgraph's snapshot and composes the supergraph. Never throws for schema problems: returns them. */
export async function composeSupergraph(root: string): Promise<Composition> {
  const { names, errors } = await findSubgraphDirs(root);
  const subgraphs: SubgraphSource[] = [];
  for (const name of names) {
    const file = path.join('subgraphs', name, 'schema.graphql');
    const sdl = await readFile(path.join(root, file), 'utf8');
    try {
      subgraphs.push({ name, url: subgraphUrl(name), file, snapshot: subgraphSnapshot(sdl) });
    } catch (error) {
      const list = (error as { errors?: unknown[] }).errors ?? [error];
      for (const e of list) errors.push(`${file}: ${describe(e)}`);
    }
  }
  if (names.length === 0) errors.push('no subgraphs/<name>/schema.graphql found under ' + root);
  if (errors.length > 0) return { ok: false, subgraphs, errors };

  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.snapshot) })),
  );
  if (result.errors) return { ok: false, subgraphs, errors: result.errors.map(describe) };
  return {
    ok: true,
    subgraphs,
    supergraphSdl: result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
    hints: result.hints.map((h) => `[${h.definition.code}] ${h.message}`),
  };
}

/** The client-facing schema of a supergraph SDL (join/link machinery and @inaccessible elements removed). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  // @requiresScopes is a SECURITY feature that @apollo/gateway does not enforce (and so refuses); Paygraph's gateway
  // enforces it itself (gateway/src/scopes.ts), so the scripts read the supergraph with the Router's feature set.
  return Supergraph.build(supergraphSdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
}
