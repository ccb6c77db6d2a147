/**
 * The schema workflow behind `npm run compose` and `npm run schema:check`, as plain functions over a root directory so
 * tests can run it in-process on a temporary copy of the repository.
 *
 * Generated files (all under schema/): <subgraph>.graphql snapshots, supergraph.graphql, events/*.json + events/README.md.
 * Reviewed files: breaking-changes.json, operations/*.graphql (copies of the shared reference operations),
 * operations/pending.json, published/supergraph.graphql (the registry's baseline, written only by `npm run schema:publish`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  printSchema,
  BreakingChangeType,
  findBreakingChanges,
  findDangerousChanges,
  isIntrospectionType,
  type GraphQLSchema,
} from 'graphql';
import { z } from 'zod';
import { eventCatalogFiles } from './event-schemas.js';
import {
  checkContract,
  checkOperations,
  compareWithShared,
  loadPending,
  loadRegisteredOperations,
  trustedDocumentsManifest,
  TRUSTED_DOCUMENTS_FILE,
  PENDING_FILE,
} from './operations.js';
import { apiSchemaOf, composeSupergraph, type Composition } from './supergraph.js';

export const SCHEMA_DIR = 'schema';
export const SUPERGRAPH_FILE = path.join(SCHEMA_DIR, 'supergraph.graphql');
export const API_SCHEMA_FILE = path.join(SCHEMA_DIR, 'api.graphql');
export const EVENTS_DIR = path.join(SCHEMA_DIR, 'events');
export const BREAKING_CHANGES_FILE = path.join(SCHEMA_DIR, 'breaking-changes.json');
/**
 * What clients were last promised. Compared with by default: a baseline taken from git (HEAD) moves as soon as a
 * break is committed, so a committed break would pass; this file moves only through an explicit publish.
 */
export const PUBLISHED_SUPERGRAPH_FILE = path.join(SCHEMA_DIR, 'published', 'supergraph.graphql');

/** Relative path → content of every generated file the current code produces. */
export async function expectedArtifacts(composition: Composition, root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const s of composition.subgraphs) files.set(path.join(SCHEMA_DIR, `${s.name}.graphql`), `${s.snapshot}\n`);
  if (composition.ok) files.set(SUPERGRAPH_FILE, composition.supergraphSdl);
  // The client-facing schema (no federation machinery): what front ends and partners generate their types from.
  if (composition.ok) files.set(API_SCHEMA_FILE, `${printSchema(apiSchemaOf(composition.supergraphSdl))}\n`);
  // (Kubernetes: schema/kustomization.yaml generates the gateway's ConfigMap from SUPERGRAPH_FILE itself; no copy.)
  for (const [name, content] of eventCatalogFiles()) files.set(path.join(EVENTS_DIR, name), content);
  // Trusted documents: the registered operations by SHA-256, which the gateway accepts by hash (persisted queries).
  files.set(TRUSTED_DOCUMENTS_FILE, trustedDocumentsManifest((await loadRegisteredOperations(root)).operations));
  return files;
}

/** Generated files on disk that the code no longer produces (a removed subgraph or event version). */
async function staleArtifacts(root: string, expected: Map<string, string>): Promise<string[]> {
  const stale: string[] = [];
  const list = async (dir: string) => (existsSync(path.join(root, dir)) ? await readdir(path.join(root, dir)) : []);
  for (const f of await list(SCHEMA_DIR)) {
    const file = path.join(SCHEMA_DIR, f);
    if (f.endsWith('.graphql') && !expected.has(file)) stale.push(file);
  }
  for (const f of await list(EVENTS_DIR)) {
    const file = path.join(EVENTS_DIR, f);
    if (!expected.has(file)) stale.push(file);
  }
  return stale.sort();
}

export interface ComposeResult {
  ok: boolean;
  errors: string[];
  written: string[];
  removed: string[];
  composition: Composition;
}

/** `npm run compose`: regenerates every generated file under schema/. Writes nothing when composition fails. */
export async function compose(root: string): Promise<ComposeResult> {
  const composition = await composeSupergraph(root);
  if (!composition.ok) return { ok: false, errors: composition.errors, written: [], removed: [], composition };
  const expected = await expectedArtifacts(composition, root);
  const written: string[] = [];
  for (const [file, content] of expected) {
    const target = path.join(root, file);
    if (existsSync(target) && (await readFile(target, 'utf8')) === content) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(file);
  }
  const removed = await staleArtifacts(root, expected);
  for (const file of removed) await rm(path.join(root, file));
  return { ok: true, errors: [], written, removed, composition };
}

// --- breaking changes -------------------------------------------------------------------------------------------

const ackEntry = z.object({
  type: z.enum(Object.values(BreakingChangeType) as [string, ...string[]]),
  description: z.string().min(1),
  reason: z.string().min(1, 'say why breaking clients is acceptable'),
  acknowledgedBy: z.string().min(1, 'name the reviewer'),
});
const ackFile = z.union([z.object({ $comment: z.string().optional(), acknowledged: z.array(ackEntry) }), z.array(ackEntry)]);
export type BreakingChangeAck = z.infer<typeof ackEntry>;

export async function loadAcknowledgements(root: string): Promise<{ acks: BreakingChangeAck[]; errors: string[] }> {
  const file = path.join(root, BREAKING_CHANGES_FILE);
  if (!existsSync(file)) return { acks: [], errors: [] };
  try {
    const parsed = ackFile.parse(JSON.parse(await readFile(file, 'utf8')));
    return { acks: Array.isArray(parsed) ? parsed : parsed.acknowledged, errors: [] };
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    return { acks: [], errors: [`${BREAKING_CHANGES_FILE}: ${message}`] };
  }
}

interface Baseline {
  label: string;
  sdl: string;
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/**
 * What the API must stay compatible with: the published supergraph (the registry's baseline), the supergraph in git
 * at --base when one is given (a pull request's target branch), and the supergraph file in the working tree (covers
 * SDL edited without recomposing).
 */
async function loadBaselines(
  root: string,
  baseRef: string | undefined,
): Promise<{ baselines: Baseline[]; notes: string[]; errors: string[] }> {
  const baselines: Baseline[] = [];
  const notes: string[] = [];
  const errors: string[] = [];
  const published = path.join(root, PUBLISHED_SUPERGRAPH_FILE);
  if (existsSync(published)) baselines.push({ label: PUBLISHED_SUPERGRAPH_FILE, sdl: await readFile(published, 'utf8') });
  // Without it the gate would compare the schema with itself and pass anything.
  else errors.push(`${PUBLISHED_SUPERGRAPH_FILE} is missing: restore it from git (or, for a new graph, run npm run schema:publish).`);
  if (baseRef) {
    const inRepo = git(root, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true';
    if (!inRepo) errors.push(`--base ${baseRef}: ${root} is not a git work tree.`);
    else if (git(root, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]) === null) {
      errors.push(`base ref ${baseRef} not found (in CI: git fetch origin <branch> first).`);
    } else {
      const sdl = git(root, ['show', `${baseRef}:./${SUPERGRAPH_FILE.split(path.sep).join('/')}`]);
      if (sdl === null) notes.push(`${SUPERGRAPH_FILE} is not in ${baseRef}: nothing to compare with there`);
      else if (!baselines.some((b) => b.sdl === sdl)) baselines.push({ label: `${SUPERGRAPH_FILE} at ${baseRef}`, sdl });
    }
  }
  const file = path.join(root, SUPERGRAPH_FILE);
  if (existsSync(file)) {
    const sdl = await readFile(file, 'utf8');
    if (!baselines.some((b) => b.sdl === sdl)) baselines.push({ label: `${SUPERGRAPH_FILE} (working tree)`, sdl });
  }
  return { baselines, notes, errors };
}

export interface BreakingChange {
  type: string;
  description: string;
  /** Which baseline(s) it breaks against. */
  against: string[];
}

function breakingChanges(baselines: { label: string; schema: GraphQLSchema }[], next: GraphQLSchema) {
  const breaking = new Map<string, BreakingChange>();
  const dangerous = new Map<string, BreakingChange>();
  for (const { label, schema } of baselines) {
    for (const [found, into] of [
      [findBreakingChanges(schema, next), breaking],
      [findDangerousChanges(schema, next), dangerous],
    ] as const) {
      for (const c of found) {
        const key = `${c.type}\n${c.description}`;
        const entry = into.get(key) ?? { type: c.type, description: c.description, against: [] };
        entry.against.push(label);
        into.set(key, entry);
      }
    }
  }
  return { breaking: [...breaking.values()], dangerous: [...dangerous.values()] };
}

// --- the check ----------------------------------------------------------------------------------------------------

export type ProblemKind = 'composition' | 'breaking' | 'operations' | 'registry' | 'snapshots';

export interface Problem {
  kind: ProblemKind;
  message: string;
}

export interface SchemaCheckOptions {
  root: string;
  /** Git ref whose schema/supergraph.graphql is a compatibility baseline besides the published one; default none. */
  baseRef?: string;
  /** Where the shared reference operations live; default `<root>/../shared/operations`; null skips the comparison. */
  sharedOperationsDir?: string | null;
}

export interface SchemaCheckResult {
  ok: boolean;
  problems: Problem[];
  warnings: string[];
  notes: string[];
  breaking: BreakingChange[];
  summary: {
    subgraphs: string[];
    types: number;
    operationsValidated: number;
    operationsPending: { name: string; issue: string }[];
    contractTypesPresent: number;
    contractTypesAbsent: string[];
    eventSchemas: number;
    baselines: string[];
  };
}

export async function runSchemaCheck(options: SchemaCheckOptions): Promise<SchemaCheckResult> {
  const { root } = options;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const add = (kind: ProblemKind, messages: string[]) => messages.forEach((message) => problems.push({ kind, message }));
  const result: SchemaCheckResult = {
    ok: false,
    problems,
    warnings,
    notes: [],
    breaking: [],
    summary: {
      subgraphs: [],
      types: 0,
      operationsValidated: 0,
      operationsPending: [],
      contractTypesPresent: 0,
      contractTypesAbsent: [],
      eventSchemas: 0,
      baselines: [],
    },
  };

  // (a) The new composition, from the SDL as it is now.
  const composition = await composeSupergraph(root);
  result.summary.subgraphs = composition.subgraphs.map((s) => s.name);
  add('composition', composition.ok ? [] : composition.errors);

  if (composition.ok) {
    const api = composition.apiSchema;
    warnings.push(...composition.hints.map((h) => `composition hint ${h}`));
    result.summary.types = Object.values(api.getTypeMap()).filter((t) => !isIntrospectionType(t)).length;

    // (c) Breaking changes against what clients have today, before any advice to regenerate (which would erase it).
    const { baselines, notes, errors } = await loadBaselines(root, options.baseRef);
    result.notes.push(...notes);
    add('breaking', errors);
    const parsed: { label: string; schema: GraphQLSchema }[] = [];
    for (const b of baselines) {
      try {
        parsed.push({ label: b.label, schema: apiSchemaOf(b.sdl) });
      } catch (error) {
        add('snapshots', [`${b.label} is not a valid supergraph (${(error as Error).message}); run npm run compose.`]);
      }
    }
    result.summary.baselines = parsed.map((b) => b.label);
    const publishedSdl = baselines.find((b) => b.label === PUBLISHED_SUPERGRAPH_FILE)?.sdl;
    if (publishedSdl !== undefined && publishedSdl !== composition.supergraphSdl) {
      result.notes.push(`the graph differs from ${PUBLISHED_SUPERGRAPH_FILE}: npm run schema:publish once it is released`);
    }
    const { breaking, dangerous } = breakingChanges(parsed, api);
    const { acks, errors: ackErrors } = await loadAcknowledgements(root);
    add('breaking', ackErrors);
    const acknowledged = (c: BreakingChange) => acks.some((a) => a.type === c.type && a.description === c.description);
    result.breaking = breaking.filter((c) => !acknowledged(c));
    add(
      'breaking',
      result.breaking.map((c) => `${c.type}: ${c.description} (against ${c.against.join(' and ')})`),
    );
    for (const c of dangerous) warnings.push(`possibly dangerous change ${c.type}: ${c.description}`);

    // (d) Registered operations and the contract they rely on, against the new API schema.
    const loaded = await loadRegisteredOperations(root);
    add('operations', loaded.errors);
    const { pending, errors: pendingErrors } = await loadPending(root);
    add('operations', pendingErrors);
    const ops = checkOperations(api, loaded.operations, pending);
    add('operations', ops.problems);
    result.summary.operationsValidated = ops.validated.length;
    result.summary.operationsPending = ops.stillPending.map(({ op, issue }) => ({ name: op.name, issue }));
    if (loaded.operations.length === 0) add('operations', ['no registered operations in schema/operations/*.graphql.']);
    for (const contract of loaded.contracts) {
      const c = checkContract(api, contract);
      add('operations', c.problems);
      result.summary.contractTypesPresent += c.present.length;
      result.summary.contractTypesAbsent.push(...c.absent);
      if (pending.size === 0 && c.absent.length > 0) {
        add('operations', [
          `${contract.file}: nothing is pending any more, yet ${c.absent.join(', ')} are not in the API schema.`,
        ]);
      }
    }
  }

  // The registered copies must equal the shared reference operations when those are at hand.
  const sharedDir =
    options.sharedOperationsDir === undefined
      ? path.resolve(root, '..', 'shared', 'operations')
      : options.sharedOperationsDir;
  if (sharedDir !== null) {
    if (existsSync(sharedDir)) add('registry', (await compareWithShared(root, sharedDir)).problems);
    else warnings.push(`${sharedDir} not found: registered operations not compared with the shared reference set`);
  }

  // (b) Last: the committed generated files must be what the code produces now.
  const expected = await expectedArtifacts(composition, root);
  result.summary.eventSchemas = [...expected.keys()].filter((f) => f.startsWith(EVENTS_DIR) && f.endsWith('.json')).length;
  const drift: string[] = [];
  for (const [file, content] of expected) {
    // Regenerating cannot help while composition fails; only the event catalog is independent of it.
    if (!composition.ok && !file.startsWith(EVENTS_DIR)) continue;
    const target = path.join(root, file);
    if (!existsSync(target)) drift.push(`${file} is missing`);
    else if ((await readFile(target, 'utf8')) !== content) drift.push(`${file} is out of date`);
  }
  if (composition.ok) for (const file of await staleArtifacts(root, expected)) drift.push(`${file} is no longer generated`);
  add('snapshots', drift);

  result.ok = problems.length === 0;
  return result;
}

export interface PublishResult {
  ok: boolean;
  /** False when the published baseline already equals the composed supergraph. */
  changed: boolean;
  check: SchemaCheckResult;
}

/**
 * `npm run schema:publish`: moves the registry's baseline to the composed supergraph, only when the whole check passes
 * against the current baseline (so every breaking change has been acknowledged in breaking-changes.json first).
 */
export async function publishSchema(options: SchemaCheckOptions): Promise<PublishResult> {
  const check = await runSchemaCheck(options);
  if (!check.ok) return { ok: false, changed: false, check };
  // The check proved schema/supergraph.graphql is exactly what the subgraphs compose to now.
  const sdl = await readFile(path.join(options.root, SUPERGRAPH_FILE), 'utf8');
  const target = path.join(options.root, PUBLISHED_SUPERGRAPH_FILE);
  if (existsSync(target) && (await readFile(target, 'utf8')) === sdl) return { ok: true, changed: false, check };
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, sdl);
  return { ok: true, changed: true, check };
}

const FIX: Record<ProblemKind, string> = {
  composition: 'Fix the subgraph SDL (subgraphs/<name>/schema.graphql) until it composes: npm run compose shows the same errors.',
  breaking:
    'These changes can break existing clients. Restore the removed or changed elements, or, if the break is intended and ' +
    `reviewed, add an entry per change to ${BREAKING_CHANGES_FILE} ({ "type", "description", "reason", "acknowledgedBy" }) ` +
    `and run npm run compose; npm run schema:publish then moves the baseline (${PUBLISHED_SUPERGRAPH_FILE}) on release.`,
  operations: `Registered client/partner operations must keep validating: fix the schema (not the operation), or list an operation whose fields are not built yet in ${PENDING_FILE} with the issue that brings them.`,
  registry: 'schema/operations/ holds exact copies of the shared reference operations; re-copy them.',
  snapshots: 'The committed generated files are not what the code produces now: run npm run compose and commit schema/.',
};

const TITLE: Record<ProblemKind, string> = {
  composition: 'Composition errors',
  breaking: 'Unacknowledged breaking changes to the API schema',
  operations: 'Registered operations',
  registry: 'Registered operation copies',
  snapshots: 'Generated schema files',
};

/** Human-readable report for the CLI. */
export function formatSchemaCheck(result: SchemaCheckResult): string {
  const lines: string[] = [];
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  for (const n of result.notes) lines.push(`note: ${n}`);
  if (result.ok) {
    const s = result.summary;
    lines.push(
      'schema:check passed',
      `  subgraphs:   ${s.subgraphs.length} (${s.subgraphs.join(', ')})`,
      `  API schema:  ${s.types} types; no unacknowledged breaking changes against ${
        s.baselines.length ? s.baselines.join(' and ') : 'nothing (no baseline yet)'
      }`,
      `  operations:  ${s.operationsValidated} validated, ${s.operationsPending.length} pending${
        s.operationsPending.length ? ` (${s.operationsPending.map((p) => p.name).join(', ')}: see ${PENDING_FILE})` : ''
      }`,
      `  contract:    ${s.contractTypesPresent} input/enum types checked${
        s.contractTypesAbsent.length ? `, ${s.contractTypesAbsent.length} not in the graph yet` : ''
      }`,
      `  events:      ${s.eventSchemas} JSON Schemas up to date`,
    );
    return lines.join('\n');
  }
  lines.push(`schema:check FAILED (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`);
  for (const kind of Object.keys(TITLE) as ProblemKind[]) {
    const mine = result.problems.filter((p) => p.kind === kind);
    if (mine.length === 0) continue;
    lines.push('', `${TITLE[kind]}:`, ...mine.map((p) => `  - ${p.message}`), `  fix: ${FIX[kind]}`);
    if (kind === 'breaking' && result.breaking.length > 0) {
      const template = result.breaking.map((c) => ({
        type: c.type,
        description: c.description,
        reason: '<why this is acceptable for clients>',
        acknowledgedBy: '<reviewer>',
      }));
      lines.push(`  entries to review and add to "acknowledged" in ${BREAKING_CHANGES_FILE}:`);
      lines.push(...JSON.stringify(template, null, 2).split('\n').map((l) => `    ${l}`));
    }
  }
  return lines.join('\n');
}
