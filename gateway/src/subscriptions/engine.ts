import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { buildOperationContext } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { userChannel, type RealtimeBus, type RealtimeMessage } from '@paygraph/platform/realtime';
import type { Logger } from '@paygraph/platform/logger';
import type { GatewayContext } from '../context.js';
import { projectOperation } from './projection.js';
import { executePlan } from '../execution/gateway.js';
import type { SubgraphCaller, SubgraphResponse } from '../execution/plan-executor.js';
import { compileOperation, type CompiledOperation } from '../execution/response-shape.js';

/**
 * Executes the graph's subscriptions, which @apollo/gateway plans but cannot run (its planner yields a
 * `SubscriptionNode { primary, rest }`, its executor refuses it).
 *
 * - Opening: the owner of the root field (the primary fetch's subgraph) checks the arguments for the viewer through
 *   its internal `_subscription` field and answers with where the events arrive and, for an ordered stream, what was
 *   missed after `since`. Its refusal (FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) is the subscription's error.
 * - Events: the viewer's pub/sub channel carries messages with the owner's own fields of the payload (a snapshot).
 *   The primary fetch is answered from that snapshot, everything else (`payment.risk`, `payment.sender.displayName`)
 *   by executing the rest of the plan — the ordinary federated fetches, with the subscriber's signed identity.
 * - Order: events of one subscription are handled one at a time, so what is read for a later event is never older
 *   than what was read for an earlier one. An ordered stream (messages with `seq`) is deduplicated by seq and
 *   repaired from the owner when a seq is skipped (a lost or overtaken message), which also makes the seam between
 *   the `since` replay and live events exact.
 */
export interface SubscriptionEngineOptions {
  supergraphSdl: string;
  /** Sends a fetch to a subgraph with the subscriber's identity (the gateway's subgraph client). */
  call: SubgraphCaller<GatewayContext>;
  bus: RealtimeBus;
  channelPrefix: string;
  logger: Logger;
  /** The gateway's own error masking, applied to every delivered result. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Events waiting for one subscriber (received but not yet written to its socket) before it counts as too slow. */
  maxQueuedEvents: number;
  openTimeoutMs?: number;
  /** Prepared plans kept (by query text and operation name). */
  planCacheSize?: number;
}

export interface PreparedSubscription {
  document: DocumentNode;
  operationName: string | undefined;
  operation: OperationDefinitionNode;
  compiled: CompiledOperation;
  rootField: FieldNode;
  ownerService: string;
  primary: FetchNode;
  primaryDocument: DocumentNode;
  /** The plan run per event: the primary fetch (answered locally) then the rest. */
  eventPlan: QueryPlan;
}

/** The owner refused the subscription, or it could not be opened: these errors go back to the client. */
export class SubscriptionRefused extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

interface Ticket {
  headSeq: number | null;
  replay: string[];
  hasMore: boolean;
}

const PRIMARY = Symbol('subscription primary');
interface EventContext extends GatewayContext {
  [PRIMARY]?: { operation: string; data: Record<string, unknown> };
}


export class SubscriptionEngine {
  /** The API schema clients validate against (subscriptions included). */
  readonly schema: GraphQLSchema;
  private readonly apiSchema: Schema;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  /** Answers the primary fetch of an event from its snapshot; everything else goes to the real subgraph. */
  private readonly eventCall: SubgraphCaller<EventContext>;
  private readonly plans = new Map<string, PreparedSubscription>();
  private readonly streams = new Set<EventStream>();

  constructor(private readonly opts: SubscriptionEngineOptions) {
    const supergraph = Supergraph.build(opts.supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.eventCall = (service, request, context) => {
      const primary = context[PRIMARY];
      if (primary && request.query === primary.operation) return Promise.resolve({ data: primary.data });
      return opts.call(service, request, context);
    };
  }

  get activeSubscriptions(): number {
    return this.streams.size;
  }

  /** Plans a validated subscription document (cached). */
  prepare(query: string, document: DocumentNode, operationName: string | undefined): PreparedSubscription {
    const key = `${operationName ?? ''}\u0000${query}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: document, operationName });
    const operation = operationContext.operation;
    const plan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName }));
    if (plan.node?.kind !== 'Subscription') throw new Error('not a subscription plan');
    const primary = plan.node.primary;
    const rootField = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== '__typename');
    if (!rootField) throw new GraphQLError('Select the subscription field directly, not through a fragment', { extensions: { code: 'BAD_REQUEST' } });
    const nodes: PlanNode[] = plan.node.rest ? [primary, plan.node.rest] : [primary];
    const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    const prepared: PreparedSubscription = {
      document,
      operationName,
      operation,
      compiled: compileOperation(this.schema, operation, fragments),
      rootField,
      ownerService: primary.serviceName,
      primary,
      primaryDocument: primary.operationDocumentNode ?? parse(primary.operation),
      eventPlan: { kind: 'QueryPlan', node: nodes.length === 1 ? primary : { kind: 'Sequence', nodes } },
    };
    if (this.plans.size >= (this.opts.planCacheSize ?? 500)) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, prepared);
    return prepared;
  }

  /**
   * Opens one subscription for a signed-in viewer. Listens on the viewer's channel before asking the owner, so that
   * nothing published in between is lost. Throws SubscriptionRefused with the owner's errors.
   */
  async open(
    prepared: PreparedSubscription,
    rawVariables: Record<string, unknown> | null | undefined,
    context: GatewayContext,
    onOverflow: () => void,
  ): Promise<AsyncGenerator<ExecutionResult>> {
    const coerced = getVariableValues(this.schema, prepared.operation.variableDefinitions ?? [], rawVariables ?? {});
    if (coerced.errors) {
      throw new SubscriptionRefused(coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } })));
    }
    const variables = coerced.coerced;
    const fieldDef = this.schema.getSubscriptionType()?.getFields()[prepared.rootField.name.value];
    if (!fieldDef) throw new SubscriptionRefused([new GraphQLError('Unknown subscription field', { extensions: { code: 'BAD_USER_INPUT' } })]);
    const args = getArgumentValues(fieldDef, prepared.rootField, variables);
    const stream = new EventStream(this, prepared, variables, args, context, onOverflow, this.opts.maxQueuedEvents, this.opts.logger);
    const channel = userChannel(this.opts.channelPrefix, context.viewer.userId!);
    try {
      stream.unsubscribe = await this.opts.bus.subscribe(channel, (raw) => stream.receive(raw));
    } catch (error) {
      this.opts.logger.warn({ err: error }, 'real-time bus unavailable');
      throw new SubscriptionRefused([new GraphQLError('Real-time delivery is unavailable', { extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    }
    try {
      const ticket = await this.ticket(prepared, args, context, null);
      stream.begin(ticket);
    } catch (error) {
      await stream.return();
      throw error;
    }
    this.streams.add(stream);
    stream.onEnd = () => this.streams.delete(stream);
    return stream;
  }

  /**
   * Asks the owner for a subscription ticket (its check of the arguments, and replay after `afterSeq`), through the
   * same data source as every fetch of the plan: the viewer's signed identity and the request ids go with it.
   */
  async ticket(prepared: PreparedSubscription, args: Record<string, unknown>, context: GatewayContext, afterSeq: number | null): Promise<Ticket> {
    let response: SubgraphResponse;
    try {
      response = await withTimeout(
        this.opts.call(
          prepared.ownerService,
          { query: TICKET_QUERY, operationName: undefined, variables: { field: prepared.rootField.name.value, arguments: JSON.stringify(args), afterSeq } },
          context,
        ),
        this.opts.openTimeoutMs ?? 5_000,
      );
    } catch (error) {
      this.opts.logger.warn({ err: error, service: prepared.ownerService }, 'subscription owner unreachable');
      throw new SubscriptionRefused([new GraphQLError(`${prepared.ownerService} is unavailable`, { extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    }
    const ticket = (response.data as { _subscription?: Ticket | null } | null | undefined)?._subscription;
    if (response.errors?.length || !ticket) {
      const errors = (response.errors ?? [{ message: 'Subscription refused', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]).map(
        (e) => new GraphQLError(e.message, { extensions: { code: e.extensions?.code ?? 'INTERNAL_SERVER_ERROR', ...pickField(e.extensions) } }),
      );
      throw new SubscriptionRefused(errors);
    }
    return ticket;
  }

  /** One event through the plan: primary from the snapshot, the rest from the subgraphs, as the subscriber. */
  async execute(prepared: PreparedSubscription, message: RealtimeMessage, variables: Record<string, unknown>, context: GatewayContext): Promise<ExecutionResult> {
    const data = projectOperation(prepared.primaryDocument, () => message.data);
    const eventContext: EventContext = { ...context, requestId: randomUUID(), [PRIMARY]: { operation: prepared.primary.operation, data } };
    const result = await executePlan(prepared.eventPlan, prepared.compiled, {
      call: this.eventCall,
      context: eventContext,
      variables,
      supergraphSchema: this.supergraphSchema,
      apiSchema: this.schema,
    });
    const errors = result.errors?.map((e) => this.opts.formatError(e instanceof GraphQLError ? e.toJSON() : { message: String(e) }, e));
    return { data: result.data as ExecutionResult['data'], ...(errors?.length ? { errors: errors as never } : {}) };
  }

  /** Ends every open subscription (shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.streams].map((s) => s.return()));
  }
}

const TICKET_QUERY =
  'query($field: String!, $arguments: String!, $afterSeq: Int) { _subscription(field: $field, arguments: $arguments, afterSeq: $afterSeq) { headSeq replay hasMore } }';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

function pickField(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  return extensions && 'field' in extensions ? { field: extensions.field } : {};
}

/** Results waiting for the client before the stream stops producing more from a replay. */
const REPLAY_WINDOW = 16;

/**
 * One subscriber's stream: messages in, results out, one event at a time. Bounded: when more than `maxQueued`
 * events wait (the client does not read, or its socket does not drain), the subscriber is too slow and `onOverflow`
 * disconnects it; others are never held up by it.
 */
class EventStream implements AsyncGenerator<ExecutionResult> {
  unsubscribe: (() => Promise<void>) | null = null;
  onEnd: (() => void) | null = null;
  private readonly inbox: RealtimeMessage[] = [];
  private readonly outbox: ExecutionResult[] = [];
  private waiter: ((r: IteratorResult<ExecutionResult>) => void) | null = null;
  /** Resolved when the client takes a result: a replay waits on it instead of flooding the queue. */
  private taken: (() => void) | null = null;
  private failed: ((e: unknown) => void) | null = null;
  private failure: unknown = null;
  private ended = false;
  private pumping = false;
  private started = false;
  /** Ordered streams: the last seq delivered (or skipped as already known). */
  private lastSeq: number | null = null;
  private ordered = false;

  constructor(
    private readonly engine: SubscriptionEngine,
    private readonly prepared: PreparedSubscription,
    private readonly variables: Record<string, unknown>,
    private readonly args: Record<string, unknown>,
    private readonly context: GatewayContext,
    private readonly onOverflow: () => void,
    private readonly maxQueued: number,
    private readonly logger: Logger,
  ) {}

  [Symbol.asyncIterator]() {
    return this;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.return().then(() => undefined);
  }

  /** The owner's ticket: replay first (in order), then what arrived meanwhile, then live. */
  begin(ticket: Ticket): void {
    this.ordered = ticket.headSeq !== null;
    this.started = true;
    void this.pump(async () => this.applyTicket(ticket));
  }

  receive(raw: string): void {
    if (this.ended) return;
    let message: RealtimeMessage;
    try {
      message = JSON.parse(raw) as RealtimeMessage;
    } catch {
      this.logger.warn('unreadable real-time message dropped');
      return;
    }
    if (message.field !== this.prepared.rootField.name.value || !this.matches(message)) return;
    if (this.inbox.length + this.outbox.length >= this.maxQueued) {
      this.logger.warn({ userId: this.context.viewer.userId, queued: this.inbox.length + this.outbox.length }, 'subscriber too slow; disconnecting');
      this.onOverflow();
      void this.return();
      return;
    }
    this.inbox.push(message);
    if (this.started) void this.pump();
  }

  private matches(message: RealtimeMessage): boolean {
    for (const [name, value] of Object.entries(message.match ?? {})) {
      const wanted = this.args[name];
      if (wanted !== undefined && wanted !== null && wanted !== value) return false;
    }
    return true;
  }

  private async pump(first?: () => Promise<void>): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      if (first) await first();
      while (!this.ended && this.inbox.length > 0) await this.handle(this.inbox.shift()!);
    } catch (error) {
      this.fail(error);
    } finally {
      this.pumping = false;
    }
  }

  private async handle(message: RealtimeMessage): Promise<void> {
    if (this.ordered && typeof message.seq === 'number') {
      if (this.lastSeq !== null && message.seq <= this.lastSeq) return;
      if (this.lastSeq !== null && message.seq > this.lastSeq + 1) {
        // A message before this one was lost or is late: the owner's store has them all, in order.
        await this.applyTicket(await this.engine.ticket(this.prepared, this.args, this.context, this.lastSeq));
        return;
      }
      this.lastSeq = message.seq;
    }
    await this.deliver(message);
  }

  private async applyTicket(ticket: Ticket): Promise<void> {
    for (;;) {
      for (const raw of ticket.replay) {
        if (this.ended) return;
        const message = JSON.parse(raw) as RealtimeMessage;
        if (typeof message.seq === 'number' && this.lastSeq !== null && message.seq <= this.lastSeq) continue;
        if (typeof message.seq === 'number') this.lastSeq = message.seq;
        await this.deliver(message);
      }
      if (!ticket.hasMore || this.ended) break;
      ticket = await this.engine.ticket(this.prepared, this.args, this.context, this.lastSeq);
    }
    if (ticket.headSeq !== null) this.lastSeq = Math.max(this.lastSeq ?? 0, ticket.headSeq);
  }

  private async deliver(message: RealtimeMessage): Promise<void> {
    const result = await this.engine.execute(this.prepared, message, this.variables, this.context);
    if (this.ended) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = this.failed = null;
      resolve({ value: result, done: false });
    } else {
      this.outbox.push(result);
      // Results we produce ourselves (a replay, a repaired gap) wait for the client to keep up; live messages that
      // pile up meanwhile count against the client in `receive`.
      while (!this.ended && this.outbox.length >= REPLAY_WINDOW) await new Promise<void>((resolve) => (this.taken = resolve));
    }
  }

  private fail(error: unknown): void {
    if (this.ended) return;
    this.logger.warn({ err: error, userId: this.context.viewer.userId }, 'subscription stream failed');
    this.failure = error instanceof SubscriptionRefused ? new Error(error.message) : new Error('The subscription stopped; subscribe again');
    if (this.failed) {
      const reject = this.failed;
      this.waiter = this.failed = null;
      reject(this.failure);
    }
    void this.end();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.outbox.shift();
    if (this.taken) {
      const resolve = this.taken;
      this.taken = null;
      resolve();
    }
    if (value) return Promise.resolve({ value, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failed = reject;
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.end();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.end();
    throw error;
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.inbox.length = 0;
    this.outbox.length = 0;
    this.taken?.();
    this.taken = null;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = this.failed = null;
      resolve({ value: undefined, done: true });
    }
    this.onEnd?.();
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    await unsubscribe?.();
  }
}
