/**
 * The schema workflow (npm run compose / schema:check) on a throw-away copy of the repository's schema sources:
 * subgraphs/<name>/schema.graphql and schema/, committed to a scratch git repository as in CI. The breaking-change
 * baseline is schema/published/supergraph.graphql, whatever is committed.
 */
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type FieldDefinitionNode, type InputValueDefinitionNode } from 'graphql';
import {
  BREAKING_CHANGES_FILE,
  compose,
  formatSchemaCheck,
  publishSchema,
  PUBLISHED_SUPERGRAPH_FILE,
  runSchemaCheck,
  type ProblemKind,
  type SchemaCheckResult,
} from '../scripts/lib/schema-workflow.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const scratch: string[] = [];
let root: string;

async function copyRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'paygraph-schema-'));
  scratch.push(dir);
  for (const name of await readdir(path.join(repo, 'subgraphs'))) {
    const sdl = path.join(repo, 'subgraphs', name, 'schema.graphql');
    if (!existsSync(sdl)) continue;
    await mkdir(path.join(dir, 'subgraphs', name), { recursive: true });
    await cp(sdl, path.join(dir, 'subgraphs', name, 'schema.graphql'));
  }
  await cp(path.join(repo, 'schema'), path.join(dir, 'schema'), { recursive: true });
  // Every scenario starts just after a release (what schema:publish leaves): the repository's own baseline lags
  // behind additive changes until they ship, which is no concern of these tests.
  await cp(path.join(dir, 'schema', 'supergraph.graphql'), path.join(dir, PUBLISHED_SUPERGRAPH_FILE));
  gitIn(dir, 'init', '-q');
  commitAll(dir, 'baseline');
  return dir;
}

const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    stdio: 'ignore',
  });
const commitAll = (dir: string, message: string) => {
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', message);
};

async function edit(file: string, from: string, to: string): Promise<void> {
  const full = path.join(root, file);
  const text = await readFile(full, 'utf8');
  expect(text).toContain(from);
  await writeFile(full, text.replace(from, to));
}

type FieldNode = FieldDefinitionNode | InputValueDefinitionNode;

/** Edits one type of a subgraph's SDL through the AST, so the test does not depend on the file's exact text. */
async function editType(file: string, typeName: string, change: (fields: readonly FieldNode[]) => FieldNode[]) {
  const full = path.join(root, file);
  let found = false;
  const doc = visit(parse(await readFile(full, 'utf8')), {
    enter(node) {
      if (
        (node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) &&
        node.name.value === typeName
      ) {
        found = true;
        return { ...node, fields: change((node.fields ?? []) as readonly FieldNode[]) };
      }
      return undefined;
    },
  });
  expect(found).toBe(true);
  await writeFile(full, print(doc));
}

const removeField = (file: string, typeName: string, field: string) =>
  editType(file, typeName, (fields) => {
    expect(fields.map((f) => f.name.value)).toContain(field);
    return fields.filter((f) => f.name.value !== field);
  });

const addField = (file: string, typeName: string, sdl: string, input = false) =>
  editType(file, typeName, (fields) => {
    const def = parse(`${input ? 'input' : 'type'} T { ${sdl} }`).definitions[0] as unknown as { fields: FieldNode[] };
    return [...fields, ...def.fields];
  });

const check = () => runSchemaCheck({ root, sharedOperationsDir: null });
const messages = (result: SchemaCheckResult, kind: ProblemKind) =>
  result.problems.filter((p) => p.kind === kind).map((p) => p.message);

const USERS = 'subgraphs/users/schema.graphql';
const ACCOUNTS = 'subgraphs/accounts/schema.graphql';

beforeEach(async () => {
  root = await copyRepo();
});

afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('schema:check', () => {
  it('when the tree is untouched, then it passes and summarises what it checked', async () => {
    const result = await check();
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary.subgraphs).toEqual(expect.arrayContaining(['users', 'accounts']));
    expect(result.summary.operationsValidated).toBeGreaterThan(0);
    expect(result.summary.baselines).toEqual([PUBLISHED_SUPERGRAPH_FILE]);
    expect(formatSchemaCheck(result)).toContain('schema:check passed');
  });

  it('when a field is removed from a subgraph, then it fails with the breaking change, also after recomposing', async () => {
    await removeField(ACCOUNTS, 'User', 'kyc');

    const before = await check();
    expect(before.ok).toBe(false);
    expect(before.breaking.map((c) => [c.type, c.description])).toContainEqual(['FIELD_REMOVED', 'User.kyc was removed.']);
    expect(messages(before, 'snapshots').join('\n')).toContain('schema/accounts.graphql is out of date');
    expect(formatSchemaCheck(before)).toContain('"type": "FIELD_REMOVED"');

    expect((await compose(root)).ok).toBe(true);
    const after = await check();
    expect(after.ok).toBe(false);
    expect(messages(after, 'snapshots')).toEqual([]);
    expect(messages(after, 'breaking')).toEqual([
      expect.stringContaining('FIELD_REMOVED: User.kyc was removed. (against schema/published/supergraph.graphql)'),
    ]);
  });

  it('when the removed field is restored, then it passes again', async () => {
    const original = await readFile(path.join(root, ACCOUNTS), 'utf8');
    await removeField(ACCOUNTS, 'User', 'kyc');
    await compose(root);
    expect((await check()).ok).toBe(false);

    await writeFile(path.join(root, ACCOUNTS), original);
    await compose(root);
    const result = await check();
    expect(result.problems).toEqual([]);
  });

  it('when the breaking change is acknowledged and recomposed, then it passes', async () => {
    // A field no registered operation reads (removing one that an operation reads stays red: see above).
    await removeField(ACCOUNTS, 'KycVerification', 'decidedAt');
    await compose(root);
    const ackFile = path.join(root, BREAKING_CHANGES_FILE);
    const acks = JSON.parse(await readFile(ackFile, 'utf8')) as { acknowledged: unknown[] };
    acks.acknowledged.push({
      type: 'FIELD_REMOVED',
      description: 'KycVerification.decidedAt was removed.',
      reason: 'test: no client reads it',
      acknowledgedBy: 'schema-check.test',
    });
    await writeFile(ackFile, JSON.stringify(acks, null, 2));

    const result = await check();
    expect(result.problems).toEqual([]);
  });

  it('when an acknowledgement lacks a reviewer, then the file is rejected', async () => {
    await writeFile(
      path.join(root, BREAKING_CHANGES_FILE),
      JSON.stringify({ acknowledged: [{ type: 'FIELD_REMOVED', description: 'User.kyc was removed.', reason: 'x' }] }),
    );
    const result = await check();
    expect(messages(result, 'breaking').join('\n')).toContain('breaking-changes.json');
  });

  it('when a change breaks a registered operation, then it fails naming file, operation and error', async () => {
    await removeField(USERS, 'LoginPayload', 'expiresIn');
    await compose(root);
    const problems = messages(await check(), 'operations');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('schema/operations/identity.graphql: mutation Login no longer validates');
    expect(problems[0]).toContain('Cannot query field "expiresIn" on type "LoginPayload"');
  });

  it('when a pending operation validates, or a pending name is unknown, then it fails asking to un-pend', async () => {
    const pendingFile = path.join(root, 'schema/operations/pending.json');
    const pending = JSON.parse(await readFile(pendingFile, 'utf8')) as Record<string, string>;
    await writeFile(pendingFile, JSON.stringify({ ...pending, Login: 'issue 0', Nonexistent: 'issue 0' }));
    const problems = messages(await check(), 'operations').join('\n');
    expect(problems).toContain('mutation Login is listed as pending (issue 0) but validates now');
    expect(problems).toContain('"Nonexistent" is not a registered operation');
  });

  it('when a registered subscription loses its field, then the operation no longer validates', async () => {
    await removeField('subgraphs/notifications/schema.graphql', 'Subscription', 'walletBalanceChanged');
    await compose(root);
    const result = await check();
    expect(messages(result, 'operations').join('\n')).toContain('subscription WalletBalance no longer validates');
    expect(result.breaking.map((c) => c.type)).toContain('FIELD_REMOVED');
  });

  it('when a contract input gains a required field, then the contract check fails', async () => {
    await addField(ACCOUNTS, 'LinkCardInput', 'nickname: String!', true);
    await compose(root);
    const result = await check();
    expect(messages(result, 'operations').join('\n')).toContain(
      'input LinkCardInput.nickname: String! is required but not in the contract',
    );
    expect(result.breaking.map((c) => c.type)).toContain('REQUIRED_INPUT_FIELD_ADDED');
  });

  it('when a compatible field is added without recomposing, then only the snapshots fail until compose runs', async () => {
    await addField(USERS, 'User', 'bio: String');
    const stale = await check();
    expect(stale.problems.map((p) => p.kind)).toEqual(['snapshots', 'snapshots', 'snapshots']); // users, supergraph, api
    expect(formatSchemaCheck(stale)).toContain('run npm run compose');

    await compose(root);
    expect((await check()).problems).toEqual([]);
  });

  it('when a generated event schema is edited or left over, then it fails until compose restores the catalog', async () => {
    await edit('schema/events/UserRegistered.v1.json', '"minLength": 1', '"minLength": 2');
    await writeFile(path.join(root, 'schema/events/Gone.v1.json'), '{}');
    const problems = messages(await check(), 'snapshots');
    expect(problems).toEqual([
      'schema/events/UserRegistered.v1.json is out of date',
      'schema/events/Gone.v1.json is no longer generated',
    ]);
    const composed = await compose(root);
    expect(composed.removed).toEqual(['schema/events/Gone.v1.json']);
    expect((await check()).problems).toEqual([]);
  });

  it('when the subgraphs do not compose, then it fails with the composition errors and compose writes nothing', async () => {
    // Two subgraphs resolving the same non-shareable field.
    await addField(ACCOUNTS, 'User', 'displayName: String!');
    const result = await check();
    expect(messages(result, 'composition').join('\n')).toContain('INVALID_FIELD_SHARING');
    const composed = await compose(root);
    expect(composed.ok).toBe(false);
    expect(composed.written).toEqual([]);
  });

  it('when a registered copy differs from the shared reference operations, then it fails', async () => {
    const shared = path.join(root, 'shared-operations');
    await mkdir(shared);
    for (const f of await readdir(path.join(root, 'schema/operations'))) {
      if (f.endsWith('.graphql')) await cp(path.join(root, 'schema/operations', f), path.join(shared, f));
    }
    expect((await runSchemaCheck({ root, sharedOperationsDir: shared })).problems).toEqual([]);

    await edit('schema/operations/identity.graphql', 'expiresIn\n', '');
    const result = await runSchemaCheck({ root, sharedOperationsDir: shared });
    expect(messages(result, 'registry')).toEqual([expect.stringContaining('identity.graphql differs from')]);
  });
});

describe('schema registry baseline (schema:publish)', () => {
  const ackRolesRemoved = async () => {
    const ackFile = path.join(root, BREAKING_CHANGES_FILE);
    const acks = JSON.parse(await readFile(ackFile, 'utf8')) as { acknowledged: unknown[] };
    acks.acknowledged.push({
      type: 'FIELD_REMOVED',
      description: 'User.roles was removed.',
      reason: 'test: roles move to the admin API',
      acknowledgedBy: 'schema-check.test',
    });
    await writeFile(ackFile, JSON.stringify(acks, null, 2));
  };

  it('when a breaking change is recomposed and committed, then the check still fails against the published baseline', async () => {
    await removeField(USERS, 'User', 'roles');
    await compose(root);
    commitAll(root, 'remove User.roles');

    const result = await check();
    expect(result.ok).toBe(false);
    expect(messages(result, 'breaking')).toEqual([
      'FIELD_REMOVED: User.roles was removed. (against schema/published/supergraph.graphql)',
    ]);
    // A pull request's target branch is still compared with on top, when given.
    const withBase = await runSchemaCheck({ root, baseRef: 'HEAD~1', sharedOperationsDir: null });
    expect(withBase.breaking[0]?.against).toEqual([PUBLISHED_SUPERGRAPH_FILE]); // same SDL as HEAD~1: listed once
    expect(withBase.ok).toBe(false);
  });

  it('when a break is not acknowledged, then publish refuses and leaves the baseline as it was', async () => {
    const before = await readFile(path.join(root, PUBLISHED_SUPERGRAPH_FILE), 'utf8');
    await removeField(USERS, 'User', 'roles');
    await compose(root);

    const published = await publishSchema({ root, sharedOperationsDir: null });
    expect(published.ok).toBe(false);
    expect(published.check.breaking.map((c) => c.description)).toEqual(['User.roles was removed.']);
    expect(await readFile(path.join(root, PUBLISHED_SUPERGRAPH_FILE), 'utf8')).toBe(before);
  });

  it('when a break is acknowledged and published, then the baseline moves forward and no longer holds the field', async () => {
    await removeField(USERS, 'User', 'roles');
    await compose(root);
    await ackRolesRemoved();

    const published = await publishSchema({ root, sharedOperationsDir: null });
    expect(published).toMatchObject({ ok: true, changed: true });
    const baseline = await readFile(path.join(root, PUBLISHED_SUPERGRAPH_FILE), 'utf8');
    expect(baseline).toBe(await readFile(path.join(root, 'schema/supergraph.graphql'), 'utf8'));
    expect((await check()).problems).toEqual([]);
    expect((await publishSchema({ root, sharedOperationsDir: null })).changed).toBe(false);
  });

  it('when fields are added (public or @inaccessible) and committed, then the check passes and notes the unpublished graph', async () => {
    await addField(USERS, 'User', 'bio: String');
    await addField(USERS, 'User', 'riskNote: String @inaccessible');
    await compose(root);
    commitAll(root, 'additions');

    const result = await check();
    expect(result.problems).toEqual([]);
    expect(result.notes.join('\n')).toContain('npm run schema:publish');
  });

  it('when the published baseline is missing, then the check fails instead of comparing the graph with itself', async () => {
    await rm(path.join(root, PUBLISHED_SUPERGRAPH_FILE));
    const result = await check();
    expect(messages(result, 'breaking')).toEqual([expect.stringContaining(`${PUBLISHED_SUPERGRAPH_FILE} is missing`)]);
  });
});
