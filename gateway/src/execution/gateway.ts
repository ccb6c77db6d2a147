import { GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import type { ApolloGateway } from '@apollo/gateway';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { runPlan, type SubgraphCaller } from './plan-executor.js';
import { compileOperation, IntrospectionSelected, shapeResponse, type CompiledOperation } from './response-shape.js';

/** A planned operation: run by Paygraph's executor, or (`compiled: null`) handed to @apollo/gateway's. */
interface Prepared {
  plan: QueryPlan;
  compiled: CompiledOperation | null;
  operation: OperationDefinitionNode;
}

/**
 * The gateway Apollo Server runs queries and mutations through: @apollo/gateway loads the supergraph and keeps its
 * planner's semantics, Paygraph executes the plans (`runPlan`, `shapeResponse`, its own subgraph client).
 *
 * What the executor does not cover goes to the stock executor unchanged: operations selecting introspection fields
 * (`__schema`, `__type`: graphql-js answers those against the API schema), plans with @defer or @fromContext
 * rewrites (the planner here emits neither), and subscriptions (served over WebSocket by the subscription engine).
 */
export class PaygraphGateway<TContext extends object> implements GatewayInterface {
  private readonly supergraphSchema: GraphQLSchema;
  private readonly apiSchema: Schema;
  private readonly planner: QueryPlanner;
  private readonly plans = new Map<string, Prepared>();
  private stockExecutor: GatewayExecutor | null = null;

  constructor(
    private readonly stock: ApolloGateway,
    supergraphSdl: string,
    private readonly call: SubgraphCaller<TContext>,
    private readonly planCacheSize = 1_000,
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    return this.stock.onSchemaLoadOrUpdate(callback);
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const loaded = await this.stock.load(options);
    this.stockExecutor = loaded.executor;
    return { executor: (requestContext) => this.execute(requestContext as GatewayGraphQLRequestContext<TContext>) };
  }

  stop(): Promise<void> {
    return this.stock.stop();
  }

  async execute(requestContext: GatewayGraphQLRequestContext<TContext>): Promise<GatewayExecutionResult> {
    const { request, schema } = requestContext;
    const prepared = this.prepare(requestContext);
    if (!prepared.compiled) return this.stockExecutor!(requestContext);

    const definitions = prepared.operation.variableDefinitions;
    if (definitions?.length) {
      const { errors } = getVariableValues(schema, definitions, request.variables ?? {});
      if (errors) return { errors };
    }
    return executePlan(prepared.plan, prepared.compiled, {
      call: this.call,
      context: requestContext.context,
      variables: request.variables,
      supergraphSchema: this.supergraphSchema,
      apiSchema: schema,
    });
  }

  private prepare(requestContext: GatewayGraphQLRequestContext<TContext>): Prepared {
    const { request, document, queryHash, schema } = requestContext;
    const key = request.operationName ? `${queryHash}\u0000${request.operationName}` : queryHash;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = requestContext.operation;
    const plan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName: request.operationName }));
    let compiled: CompiledOperation | null = null;
    if (plan.node?.kind !== 'Subscription' && !needsStock(plan.node)) {
      const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      try {
        compiled = compileOperation(schema, operation, fragments);
      } catch (error) {
        if (!(error instanceof IntrospectionSelected)) throw error;
      }
    }
    const prepared: Prepared = { plan, compiled, operation };
    if (this.plans.size >= this.planCacheSize) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, prepared);
    return prepared;
  }
}

function needsStock(node: PlanNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.some(needsStock);
    case 'Flatten':
      return needsStock(node.node);
    case 'Condition':
      return needsStock(node.ifClause) || needsStock(node.elseClause);
    case 'Fetch':
      return !!node.contextRewrites?.length;
    case 'Defer':
      return true;
  }
}

/**
 * Runs a plan and shapes its result, with @apollo/gateway's rules for what a response carries: the fetch errors
 * (and data), else value-completion errors as the `valueCompletion` extension, and a shaping failure as the only error.
 */
export async function executePlan<TContext>(
  plan: QueryPlan,
  compiled: CompiledOperation,
  options: {
    call: SubgraphCaller<TContext>;
    context: TContext;
    variables: Record<string, unknown> | undefined;
    supergraphSchema: GraphQLSchema;
    /** The API schema `compiled` was compiled against. */
    apiSchema: GraphQLSchema;
  },
): Promise<GatewayExecutionResult> {
  const { data: merged, errors } = await runPlan(plan, {
    call: options.call,
    context: options.context,
    variables: options.variables,
    defaults: compiled.defaults,
    schema: options.supergraphSchema,
  });
  let shaped: ReturnType<typeof shapeResponse>;
  try {
    shaped = shapeResponse(options.apiSchema, compiled, merged, options.variables);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    return { errors: [new GraphQLError((error as Error).message, { originalError: error as Error })] };
  }
  // As @apollo/gateway: value-completion errors are reported (as an extension) only when nothing failed before.
  if (errors.length === 0 && shaped.errors.length > 0) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
  return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
}
