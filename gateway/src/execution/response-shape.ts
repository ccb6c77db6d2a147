import {
  GraphQLError,
  GraphQLObjectType,
  Kind,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  typeFromAST,
  valueFromAST,
  type DirectiveNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The operation's selections compiled once per plan, so that shaping a response walks plain arrays instead of the
 * federation `Operation` objects @apollo/gateway re-inspects per value (directives, subtyping, leaf checks).
 *
 * Shaping takes the merged subgraph answers (`input`, keyed by response name) and builds what the client asked for:
 * only selected fields, in selection order, `__typename` filled in, leaf values checked against their type and
 * nulls propagated to the nearest nullable parent. The rules and messages are @apollo/gateway's (`computeResponse`),
 * which the differential test holds this to.
 */
export interface CompiledOperation {
  root: GraphQLObjectType;
  selections: Selection[];
  /** Variables with a default value in the operation, under the request's own (for @skip/@include). */
  defaults: Record<string, unknown>;
}

type Condition = boolean | { variable: string };

interface Conditions {
  skip?: Condition;
  include?: Condition;
}

interface FieldSelection extends Conditions {
  kind: 'field';
  responseName: string;
  typename: boolean;
  type: TypeShape;
}

interface FragmentSelection extends Conditions {
  kind: 'fragment';
  typeCondition: GraphQLCompositeType | undefined;
  selections: Selection[];
}

type Selection = FieldSelection | FragmentSelection;

type TypeShape =
  | { kind: 'nonNull'; of: TypeShape; label: string; leaf: boolean }
  | { kind: 'list'; of: TypeShape; label: string; leaf: boolean }
  | { kind: 'composite'; type: GraphQLCompositeType; selections: Selection[]; label: string; leaf: false }
  | { kind: 'leaf'; valid: (value: unknown) => boolean; label: string; leaf: true };

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * The objects the executor builds (merged answers, representations, the response): keyed by the client's response
 * names, so no key may reach a prototype (`__proto__`, `constructor`). `Object.create(null)` would do, but V8 keeps
 * such objects as hash tables, slower to fill and to serialise; instances of a constructor whose prototype is an
 * empty null-prototype object stay fast objects with nothing inherited.
 */
export const Bag = function Bag() {} as unknown as { new (): Record<string, unknown> };
Bag.prototype = Object.create(null) as Record<string, unknown>;

export function compileOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): CompiledOperation {
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const leafChecks = new Map<string, (value: unknown) => boolean>();

  const leafCheck = (type: GraphQLOutputType): ((value: unknown) => boolean) => {
    const name = String(type);
    let check = leafChecks.get(name);
    if (check) return check;
    if (isEnumType(type)) {
      const values = new Set(type.getValues().map((v) => v.name));
      check = (v) => typeof v === 'string' && values.has(v);
    } else if (!isSpecifiedScalarType(type as never)) check = () => true;
    else if (name === 'Boolean') check = (v) => typeof v === 'boolean';
    else if (name === 'Float') check = (v) => typeof v === 'number' && Number.isFinite(v);
    else if (name === 'Int') check = (v) => typeof v === 'number' && Number.isFinite(v) && INTEGER.test(String(v));
    else if (name === 'ID') check = (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v) && INTEGER.test(String(v)));
    else check = (v) => typeof v === 'string';
    leafChecks.set(name, check);
    return check;
  };

  const typeShape = (type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined): TypeShape => {
    if (isNonNullType(type)) {
      const of = typeShape(type.ofType, selectionSet);
      return { kind: 'nonNull', of, label: String(type.ofType), leaf: of.leaf };
    }
    if (isListType(type)) {
      const of = typeShape(type.ofType, selectionSet);
      return { kind: 'list', of, label: String(type), leaf: of.leaf };
    }
    if (isCompositeType(type)) {
      if (!selectionSet) throw new Error(`Invalid empty selection set for composite type ${type}`);
      return { kind: 'composite', type, selections: compileSet(selectionSet, type), label: type.name, leaf: false };
    }
    return { kind: 'leaf', valid: leafCheck(type), label: String(type), leaf: true };
  };

  const compileSet = (set: SelectionSetNode, parent: GraphQLCompositeType): Selection[] => {
    const out: Selection[] = [];
    for (const node of set.selections) {
      if (node.kind === Kind.FIELD) {
        const name = node.name.value;
        const responseName = node.alias?.value ?? name;
        if (name === '__typename') {
          out.push({ kind: 'field', responseName, typename: true, type: { kind: 'leaf', valid: () => true, label: 'String', leaf: true }, ...conditions(node.directives) });
          continue;
        }
        if (name === '__schema' || name === '__type') throw new IntrospectionSelected();
        const field = 'getFields' in parent ? parent.getFields()[name] : undefined;
        if (!field) throw new Error(`Cannot query field "${name}" on type "${parent.name}"`);
        out.push({ kind: 'field', responseName, typename: false, type: typeShape(field.type, node.selectionSet), ...conditions(node.directives) });
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        const condition = node.typeCondition ? compositeType(schema, node.typeCondition.name.value) : undefined;
        out.push({ kind: 'fragment', typeCondition: condition, selections: compileSet(node.selectionSet, condition ?? parent), ...conditions(node.directives) });
      } else {
        const fragment = fragments[node.name.value];
        if (!fragment) throw new Error(`Unknown fragment "${node.name.value}"`);
        const condition = compositeType(schema, fragment.typeCondition.name.value);
        const directives = [...(fragment.directives ?? []), ...(node.directives ?? [])];
        out.push({ kind: 'fragment', typeCondition: condition, selections: compileSet(fragment.selectionSet, condition), ...conditions(directives) });
      }
    }
    return out;
  };

  const defaults: Record<string, unknown> = Object.create(null);
  for (const def of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, def.type);
    if (def.defaultValue && type && isInputType(type)) defaults[def.variable.name.value] = valueFromAST(def.defaultValue, type);
  }
  return { root, selections: compileSet(operation.selectionSet, root), defaults };
}

/** Introspection fields are answered by graphql-js against the API schema; such operations take the stock path. */
export class IntrospectionSelected extends Error {
  constructor() {
    super('introspection selected');
  }
}

function compositeType(schema: GraphQLSchema, name: string): GraphQLCompositeType {
  const type = schema.getType(name);
  if (!type || !isCompositeType(type)) throw new Error(`Unknown composite type "${name}"`);
  return type;
}

function conditions(directives: readonly DirectiveNode[] | undefined): Conditions {
  const out: Conditions = {};
  for (const d of directives ?? []) {
    const which = d.name.value;
    if ((which !== 'skip' && which !== 'include') || out[which] !== undefined) continue;
    const arg = d.arguments?.find((a) => a.name.value === 'if')?.value;
    if (!arg) continue;
    if (arg.kind === Kind.VARIABLE) out[which] = { variable: arg.name.value };
    else if (arg.kind === Kind.BOOLEAN) out[which] = arg.value;
  }
  return out;
}

const enum Result {
  OK,
  NULL_BUBBLE_UP,
}

interface Run {
  schema: GraphQLSchema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  path: (string | number)[];
  subtypes: Map<string, boolean>;
}

/** Shapes merged subgraph data into the response; `errors` are the value-completion errors found. */
export function shapeResponse(
  schema: GraphQLSchema,
  compiled: CompiledOperation,
  input: Record<string, unknown> | null | undefined,
  variables: Record<string, unknown> | undefined,
): { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  const run: Run = {
    schema,
    variables: { __proto__: null, ...compiled.defaults, ...variables } as Record<string, unknown>,
    errors: [],
    path: [],
    subtypes: SUBTYPES.get(schema) ?? new Map(),
  };
  SUBTYPES.set(schema, run.subtypes);
  const data = new Bag();
  const result = applySelections(run, input, compiled.selections, data, compiled.root);
  return { data: result === Result.NULL_BUBBLE_UP ? null : data, errors: run.errors };
}

const SUBTYPES = new WeakMap<GraphQLSchema, Map<string, boolean>>();

function skipped(sel: Conditions, variables: Record<string, unknown>): boolean {
  return (sel.skip !== undefined && conditionValue(sel.skip, variables)) || (sel.include !== undefined && !conditionValue(sel.include, variables));
}

function conditionValue(condition: Condition, variables: Record<string, unknown>): boolean {
  if (typeof condition === 'boolean') return condition;
  const value = variables[condition.variable];
  if (typeof value !== 'boolean') throw new Error(`Unexpected value ${value} for variable $${condition.variable} of @skip/@include`);
  return value;
}

function isSubtypeOf(run: Run, condition: GraphQLCompositeType, type: GraphQLCompositeType): boolean {
  if (condition === type) return true;
  if (!isAbstractType(condition) || isAbstractType(type) && !('getInterfaces' in type)) return false;
  const key = `${condition.name}\u0000${type.name}`;
  let answer = run.subtypes.get(key);
  if (answer === undefined) {
    answer = run.schema.isSubType(condition, type as GraphQLObjectType);
    run.subtypes.set(key, answer);
  }
  return answer;
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function describeLast(path: (string | number)[], label: string, parent: GraphQLCompositeType): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `field ${parent.name}.${last}` : `array element of type ${label} at index ${last}`;
}

function applySelections(
  run: Run,
  input: Record<string, unknown>,
  selections: Selection[],
  output: Record<string, unknown>,
  parent: GraphQLCompositeType,
): Result {
  for (const sel of selections) {
    if ((sel.skip !== undefined || sel.include !== undefined) && skipped(sel, run.variables)) continue;
    if (sel.kind === 'field') {
      const key = sel.responseName;
      const existing = output[key];
      let value = own(input, key) ?? null;
      if (sel.typename) {
        if (existing === undefined) {
          if (value === null && key !== '__typename') value = input.__typename ?? null;
          const named = typeof value === 'string' ? run.schema.getType(value) ?? parent : parent;
          if (!isObjectType(named)) return Result.NULL_BUBBLE_UP;
          output[key] = named.name;
        }
        continue;
      }
      run.path.push(key);
      const done = complete(run, existing, sel.type, value, parent);
      output[key] = done.value;
      run.path.pop();
      if (done.invalid) return Result.NULL_BUBBLE_UP;
    } else {
      const typename = input.__typename;
      if (typename !== undefined && typename !== null && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${typename}`);
      if (sel.typeCondition && !conditionApplies(run, sel.typeCondition, typename as string | undefined, parent)) continue;
      if (applySelections(run, input, sel.selections, output, sel.typeCondition ?? parent) === Result.NULL_BUBBLE_UP) return Result.NULL_BUBBLE_UP;
    }
  }
  return Result.OK;
}

function conditionApplies(run: Run, condition: GraphQLCompositeType, typename: string | undefined, parent: GraphQLCompositeType): boolean {
  if (typename) {
    const type = run.schema.getType(typename);
    return !!type && isCompositeType(type) && isSubtypeOf(run, condition, type);
  }
  return isSubtypeOf(run, condition, parent);
}

interface Completed {
  value: unknown;
  invalid?: boolean;
  hasErrors?: boolean;
}

const NULL: Completed = { value: null };
const NULL_WITH_ERRORS: Completed = { value: null, hasErrors: true };

function complete(run: Run, existing: unknown, shape: TypeShape, value: unknown, parent: GraphQLCompositeType): Completed {
  if (existing === null || (existing !== undefined && shape.leaf)) {
    return { value: existing };
  }
  switch (shape.kind) {
    case 'nonNull': {
      const inner = complete(run, existing, shape.of, value, parent);
      if (inner.value === null) {
        if (!inner.hasErrors) {
          run.errors.push(invalid(`Cannot return null for non-nullable ${describeLast(run.path, shape.label, parent)}.`, run.path));
        }
        return { value: null, invalid: true, hasErrors: true };
      }
      return { value: inner.value };
    }
    case 'list': {
      if (value === null) return NULL;
      if (!Array.isArray(value)) throw new Error(`Invalid non-list value ${value} returned by subgraph for list type ${shape.label}`);
      if (existing !== undefined && !Array.isArray(existing)) throw new Error(`Invalid non-list value ${existing} returned by subgraph for list type ${shape.label}`);
      const previous = existing as unknown[] | undefined;
      if (previous && previous.length !== value.length) throw new Error(`[${value}].length (${value.length}) !== [${previous}].length (${previous.length})`);
      let nullify = false;
      let hasErrors = false;
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        run.path.push(i);
        const item = complete(run, previous ? previous[i] : undefined, shape.of, value[i], parent);
        run.path.pop();
        if (item.invalid) nullify = true;
        if (item.hasErrors) hasErrors = true;
        out[i] = item.value;
      }
      return { value: nullify ? null : out, hasErrors };
    }
    case 'composite': {
      if (value === null) return NULL;
      if (typeof value !== 'object') throw new Error(`Invalid non-object value ${value} returned by subgraph for composite type ${shape.label}`);
      const obj = value as Record<string, unknown>;
      const typename = obj.__typename;
      if (typename !== undefined && typeof typename !== 'string') throw new Error(`Invalid non-string value ${typename} for __typename at ${run.path}`);
      let type: GraphQLCompositeType = shape.type;
      if (typename) {
        const named = run.schema.getType(typename);
        if (!named || !isCompositeType(named)) {
          run.errors.push(invalid(`Invalid __typename found for object at ${describeLast(run.path, shape.label, parent)}.`, run.path));
          return NULL_WITH_ERRORS;
        }
        type = named;
      }
      const out = (existing ?? new Bag()) as Record<string, unknown>;
      const bubbled = applySelections(run, obj, shape.selections, out, type) === Result.NULL_BUBBLE_UP;
      return { value: bubbled ? null : out, hasErrors: bubbled };
    }
    case 'leaf': {
      if (value === null) return NULL;
      if (shape.valid(value)) return { value };
      run.errors.push(invalid(`Invalid value found for ${describeLast(run.path, shape.label, parent)}.`, run.path));
      return NULL_WITH_ERRORS;
    }
  }
}

function invalid(message: string, path: (string | number)[]): GraphQLError {
  return new GraphQLError(message, { path: [...path], extensions: { code: 'INVALID_GRAPHQL' } });
}
