import { GraphQLError, isAbstractType, isInterfaceType, isObjectType, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import {
  type FetchDataRewrite,
  type FetchNode,
  type PlanNode,
  type QueryPlan,
  type QueryPlanSelectionNode,
} from '@apollo/query-planner';
import { Bag } from './response-shape.js';

/** One subgraph request of a plan, as it goes over the wire. */
export interface SubgraphRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Sends a fetch to a subgraph; throws when there is no GraphQL answer (transport, HTTP status, not JSON). */
export type SubgraphCaller<TContext> = (service: string, request: SubgraphRequest, context: TContext) => Promise<SubgraphResponse>;

type Path = (string | number)[];
type Obj = Record<string, unknown>;

interface Run<TContext> {
  call: SubgraphCaller<TContext>;
  context: TContext;
  variables: Record<string, unknown> | undefined;
  defaults: Record<string, unknown>;
  schema: GraphQLSchema;
  errors: GraphQLError[];
  root: Obj;
}

interface Cursor {
  path: Path;
  data: unknown;
}

/**
 * Runs a query plan of @apollo/gateway's planner: Sequence, Parallel, Flatten, Fetch and Condition nodes, merging
 * every answer into one tree keyed by response name (which `shapeResponse` then turns into the client's response).
 *
 * The semantics are those of @apollo/gateway's `executeQueryPlan`, which the differential test compares this with:
 * entity fetches send the representations the planner's `requires` selects from each entity (entities without a
 * `__typename` there are skipped), a failing fetch records its error and leaves its fields missing (they become
 * nulls, propagated by shaping), and subgraph errors get the path of the entity in the client's response.
 */
export async function runPlan<TContext>(
  plan: QueryPlan,
  options: {
    call: SubgraphCaller<TContext>;
    context: TContext;
    variables: Record<string, unknown> | undefined;
    /** The operation's variable defaults (for Condition nodes: @skip/@include on a whole fetch). */
    defaults: Record<string, unknown>;
    /** The supergraph schema (type conditions of `requires` and rewrites name supergraph types). */
    schema: GraphQLSchema;
  },
): Promise<{ data: Obj; errors: GraphQLError[] }> {
  const root: Obj = new Bag();
  const run: Run<TContext> = { ...options, errors: [], root };
  const node = plan.node;
  if (node) {
    if (node.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
    await runNode(run, node, { path: [], data: root });
  }
  return { data: root, errors: run.errors };
}

async function runNode<TContext>(run: Run<TContext>, node: PlanNode, cursor: Cursor): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await runNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => runNode(run, child, cursor)));
      return;
    case 'Flatten': {
      const data = flattenAt(cursor.data, node.path, 0);
      if (data === undefined || data === null) return;
      await runNode(run, node.node, { path: cursor.path.concat(node.path), data });
      return;
    }
    case 'Fetch':
      try {
        await runFetch(run, node, cursor);
      } catch (error) {
        run.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const branch = conditionHolds(run, node.condition) ? node.ifClause : node.elseClause;
      if (branch) await runNode(run, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error('@defer support is not available in the gateway');
  }
}

function conditionHolds<TContext>(run: Run<TContext>, variable: string): boolean {
  let value = run.variables && Object.prototype.hasOwnProperty.call(run.variables, variable) ? run.variables[variable] : undefined;
  if (value === undefined) value = run.defaults[variable];
  if (value === undefined) throw new Error(`Missing value for variable $${variable} (and no default found)`);
  if (typeof value !== 'boolean') throw new Error(`Invalid non-boolean value ${value} for Boolean! variable $${variable}`);
  return value;
}

function flattenAt(value: unknown, path: Path, from: number): unknown {
  if (from === path.length || value === undefined || value === null) return value;
  const key = path[from];
  if (key === '@') {
    const out: unknown[] = [];
    for (const item of value as unknown[]) {
      const inner = flattenAt(item, path, from + 1);
      if (Array.isArray(inner)) for (const v of inner) out.push(v);
      else out.push(inner);
    }
    return out;
  }
  if (typeof key !== 'string') throw new Error(`Unexpected ${typeof key} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${key}`);
  return flattenAt(own(value as Obj, key), path, from + 1);
}

async function runFetch<TContext>(run: Run<TContext>, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const entities: Obj[] = [];
  if (Array.isArray(cursor.data)) {
    for (const e of cursor.data) if (e !== null && e !== undefined) entities.push(e as Obj);
  } else entities.push(cursor.data as Obj);
  if (entities.length === 0) return;

  const variables: Obj = new Bag();
  const provided = run.variables;
  if (fetch.variableUsages && provided) {
    for (const name of fetch.variableUsages) {
      if (Object.prototype.hasOwnProperty.call(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
  }

  if (!fetch.requires) {
    const data = await send(run, fetch, cursor, variables);
    if (data) rewrite(run.schema, fetch.outputRewrites, data);
    for (const entity of entities) merge(entity, data);
    return;
  }

  // Each distinct representation is sent once (a list of reviews names the same few products and users many
  // times); its answer is merged into every entity it stands for. `positions` keeps, per distinct one, the index
  // each occurrence would have had in the full list, which is what a subgraph error's path is mapped through.
  const representations: Obj[] = [];
  const owners: Obj[][] = [];
  const positions: number[][] = [];
  const seen = new Distinct();
  let position = 0;
  for (const entity of entities) {
    const representation = select(run.schema, entity, fetch.requires);
    if (representation && representation.__typename) {
      rewrite(run.schema, fetch.inputRewrites, representation);
      const known = seen.indexOf(representation, representations.length);
      if (known === undefined) {
        representations.push(representation);
        owners.push([entity]);
        positions.push([position]);
      } else {
        // The same object can be reached more than once (an earlier answer shared below several entities).
        if (!owners[known]!.includes(entity)) owners[known]!.push(entity);
        positions[known]!.push(position);
      }
      position++;
    }
  }
  if (representations.length === 0) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  variables.representations = representations;
  const data = await send(run, fetch, cursor, variables, positions);
  if (!data) return;
  const received = data._entities;
  if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
  if (received.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${position} elements`);
  for (let i = 0; i < owners.length; i++) {
    const entity = received[i] as Obj | null;
    const same = owners[i]!;
    if (entity && !entity.__typename) setOwn(entity, '__typename', same[0]!.__typename);
    rewrite(run.schema, fetch.outputRewrites, entity);
    // The entities of one fetch sit at the same plan path, so every later fetch selects the same below each of
    // them: they can share the objects of one answer (shaping copies into the response as it walks).
    for (const owner of same) merge(owner, entity);
  }
}

/**
 * Finds equal representations. Those whose values are all scalars (the usual `{ __typename, id }`) are told apart by
 * a trie of their values, in the order `requires` gives every one of them: exact, and no string built per entity.
 * Others (composite keys, lists) by their JSON text.
 */
class Distinct {
  private readonly flat = new Map<unknown, unknown>();
  private readonly nested = new Map<string, number>();

  /** The index of an equal representation seen before, else undefined (and `next` is remembered as its index). */
  indexOf(representation: Obj, next: number): number | undefined {
    const values = Object.values(representation);
    if (values.some((v) => v !== null && typeof v === 'object')) {
      const key = JSON.stringify(representation);
      const known = this.nested.get(key);
      if (known === undefined) this.nested.set(key, next);
      return known;
    }
    // One `requires` gives the entities of one type the same fields: typename and count select the shape.
    let level = this.flat;
    const path: unknown[] = [representation.__typename, values.length, ...values];
    for (let i = 0; i < path.length - 1; i++) {
      let below = level.get(path[i]) as Map<unknown, unknown> | undefined;
      if (!below) level.set(path[i], (below = new Map()));
      level = below;
    }
    const last = path[path.length - 1];
    const known = level.get(last) as number | undefined;
    if (known === undefined) level.set(last, next);
    return known;
  }
}

async function send<TContext>(
  run: Run<TContext>,
  fetch: FetchNode,
  cursor: Cursor,
  variables: Obj,
  positions?: number[][],
): Promise<Obj | null | undefined> {
  const response = await run.call(fetch.serviceName, { query: fetch.operation, operationName: fetch.operationName, variables }, run.context);
  if (response.errors) {
    let hydrated: Path[] | undefined;
    // An error of a representation sent once for several entities is the error of each of them, in the order the
    // full list of representations would have had.
    const expanded: { at: number; error: GraphQLError }[] = [];
    for (const error of response.errors) {
      const errorPath = error.path as Path | undefined;
      if (fetch.requires && typeof errorPath?.[1] === 'number') {
        hydrated ??= hydratedPaths(cursor.path, run.root);
        const rest = errorPath.slice(2);
        for (const at of positions?.[errorPath[1]] ?? [errorPath[1]]) {
          expanded.push({ at, error: downstreamError(error, fetch.serviceName, [...(hydrated[at] ?? []), ...rest]) });
        }
      } else {
        expanded.push({ at: -1, error: downstreamError(error, fetch.serviceName, errorPath ? [...cursor.path, ...errorPath] : undefined) });
      }
    }
    if (positions && expanded.every((e) => e.at >= 0)) expanded.sort((x, y) => x.at - y.at);
    for (const e of expanded) run.errors.push(e.error);
  }
  return response.data as Obj | null | undefined;
}

/** The response path of every value at a plan path (`@` for list items), in order: entity i's error goes to the i-th. */
function hydratedPaths(path: Path, root: unknown): Path[] {
  const out: Path[] = [];
  const walk = (prefix: Path, from: number, data: unknown) => {
    if (data === null || data === undefined) return;
    if (from === path.length) {
      out.push(prefix.slice());
      return;
    }
    const head = path[from];
    if (head === '@') {
      if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
      data.forEach((value, i) => {
        prefix.push(i);
        walk(prefix, from + 1, value);
        prefix.pop();
      });
    } else if (typeof head === 'string') {
      if (Array.isArray(data)) {
        data.forEach((value, i) => {
          prefix.push(i);
          walk(prefix, from, value);
          prefix.pop();
        });
      } else if (Object.prototype.hasOwnProperty.call(data, head)) {
        prefix.push(head);
        walk(prefix, from + 1, (data as Obj)[head]);
        prefix.pop();
      }
    } else throw new Error(`unknown path part "${head}"`);
  };
  walk([], 0, root);
  return out;
}

/** A subgraph's error as the client sees it: its message and extensions, the subgraph's name, a code if it had none. */
function downstreamError(error: GraphQLFormattedError, serviceName: string, path: Path | undefined): GraphQLError {
  const extensions: Obj = { ...error.extensions, serviceName };
  if (!error.extensions?.code) extensions.code = 'DOWNSTREAM_SERVICE_ERROR';
  return new GraphQLError(error.message || `Error while fetching subquery from service "${serviceName}"`, {
    originalError: error as unknown as Error,
    path,
    extensions,
  });
}

/** The representation of an entity: what `requires` selects of it, or null when a selected field is missing. */
function select(schema: GraphQLSchema, source: Obj | null, selections: readonly QueryPlanSelectionNode[]): Obj | null {
  if (source === null) return null;
  const out: Obj = new Bag();
  for (const sel of selections) {
    if (sel.kind === 'Field') {
      const key = sel.alias ?? sel.name;
      const value = own(source, key);
      if (value === undefined) return null;
      const sub = sel.selections;
      if (Array.isArray(value)) out[key] = value.map((v) => (sub ? select(schema, v as Obj | null, sub) : v));
      else out[key] = sub ? select(schema, value as Obj | null, sub) : value;
    } else {
      if (!sel.typeCondition || !source) continue;
      if (isOfType(schema, source, sel.typeCondition)) merge(out, select(schema, source, sel.selections));
    }
  }
  return out;
}

function isOfType(schema: GraphQLSchema, obj: Obj, condition: string, unknownTypename = false): boolean {
  const typename = obj.__typename as string | undefined;
  if (!typename) return unknownTypename;
  if (typename === condition) return true;
  const type = schema.getType(typename);
  const conditional = schema.getType(condition);
  if (!type || !conditional || !isAbstractType(conditional)) return false;
  return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(conditional, type);
}

/** The planner's rewrites of representations (input) and of answers (output): set a value, rename a key. */
function rewrite(schema: GraphQLSchema, rewrites: readonly FetchDataRewrite[] | undefined, value: unknown): void {
  if (!rewrites) return;
  for (const r of rewrites) {
    if (r.path.length === 0) continue;
    const last = r.path[r.path.length - 1]!;
    if (last.startsWith(FRAGMENT)) throw new Error(`Unexpected fragment as last element of ${r.path}`);
    at(schema, r.path, 0, r.path.length - 1, value, (obj) => {
      if (r.kind === 'ValueSetter') obj[last] = r.setValueTo;
      else {
        const found = own(obj, last);
        if (found) {
          obj[r.renameKeyTo] = found;
          obj[last] = undefined;
        }
      }
    });
  }
}

const FRAGMENT = '... on ';

function at(schema: GraphQLSchema, path: string[], from: number, end: number, value: unknown, apply: (obj: Obj) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) at(schema, path, from, end, v, apply);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (from === end) {
    apply(value as Obj);
    return;
  }
  const elt = path[from]!;
  if (elt.startsWith(FRAGMENT)) {
    if (isOfType(schema, value as Obj, elt.slice(FRAGMENT.length), true)) at(schema, path, from + 1, end, value, apply);
  } else at(schema, path, from + 1, end, own(value as Obj, elt), apply);
}

function own(obj: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges a fetch's answer into what is already known: objects field by field, lists of equal length item by item. */
function merge(target: Obj, source: Obj | null | undefined): void {
  if (source === undefined || source === null) return;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    // Response names are the client's aliases: `constructor` or `__proto__` must stay plain keys of this object.
    const current = own(target, key);
    if (current && isPlainObject(value)) merge(current as Obj, value);
    else if (Array.isArray(value) && Array.isArray(current) && value.length === current.length) {
      for (let i = 0; i < value.length; i++) {
        if (isPlainObject(current[i]) && isPlainObject(value[i])) merge(current[i] as Obj, value[i] as Obj);
        else current[i] = value[i];
      }
    } else setOwn(target, key, value);
  }
}

function setOwn(target: Obj, key: string, value: unknown): void {
  if (key in target && !Object.prototype.hasOwnProperty.call(target, key)) {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else target[key] = value;
}
