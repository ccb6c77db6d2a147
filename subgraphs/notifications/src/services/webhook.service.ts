import type { EntityManager, MikroORM } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import type { EventEnvelope } from '@paygraph/platform/events';
import { hasRole, requireUser, type Identity } from '@paygraph/platform/identity';
import { isId, newId } from '@paygraph/platform/ids';
import type { PartnerApplications } from '../adapters/partner-applications.js';
import type { SecretBox } from '../adapters/secret-box.js';
import { deliveryBody, WEBHOOK_EVENT_TYPE_NAMES, webhookEventFor, type WebhookEventType } from '../domain/webhook-events.js';
import type { RetryPolicy } from '../domain/webhook-retry.js';
import { deliveryIdFor, newWebhookSecret } from '../domain/webhook-signature.js';
import { targetUrlProblem, type TargetRules } from '../domain/webhook-target.js';
import type { WebhookDelivery, WebhookDeliveryStatus } from '../entities/webhook-delivery.entity.js';
import type { WebhookEndpoint } from '../entities/webhook-endpoint.entity.js';
import type { WebhookRepository } from '../repositories/webhook.repository.js';

export const MAX_ENDPOINTS_PER_APPLICATION = 16;
export const MAX_SECRET_OVERLAP_SECONDS = 86_400;
export const DESCRIPTION_MAX = 200;
export const DELIVERY_PAGE_DEFAULT = 20;
export const DELIVERY_PAGE_MAX = 100;

export interface CreateEndpointInput {
  applicationId?: string | null;
  url: string;
  eventTypes: readonly string[];
  description?: string | null;
}

export interface UpdateEndpointInput {
  endpointId: string;
  url?: string | null;
  eventTypes?: readonly string[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

/**
 * Webhook endpoints and their deliveries (issue 13). Who may manage an endpoint: a key of its partner application
 * (the scope webhooks:manage is checked by the gateway and again by the platform before any resolver), or its
 * application's owner signed in as themself, or an admin. To everyone else an endpoint or a delivery does not exist
 * (null, or *_NOT_FOUND), so ids cannot be probed.
 */
export class WebhookService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repo: WebhookRepository,
    private readonly applications: PartnerApplications,
    private readonly secrets: SecretBox,
    private readonly opts: { targets: TargetRules; retry: RetryPolicy; onDue: () => void },
  ) {}

  // --- reads -----------------------------------------------------------------------------------------------------

  /** A key's own application by default; a person must name one of theirs. */
  async endpointsOf(em: EntityManager, identity: Identity, applicationId: string | null): Promise<WebhookEndpoint[]> {
    requireUser(identity);
    const appId = applicationId ?? identity.apiKey?.applicationId ?? null;
    if (appId === null) throw errors.user('BAD_USER_INPUT', 'applicationId is required', 'applicationId');
    if (!isId('app', appId)) return [];
    if (identity.apiKey && identity.apiKey.applicationId !== appId) return [];
    return (await this.repo.endpointsOf(em, [appId])).filter((e) => mayManage(identity, e));
  }

  async endpoint(em: EntityManager, identity: Identity, id: string): Promise<WebhookEndpoint | null> {
    requireUser(identity);
    if (!isId('whe', id)) return null;
    const endpoint = await this.repo.endpoint(em, id);
    return endpoint && mayManage(identity, endpoint) ? endpoint : null;
  }

  async delivery(em: EntityManager, identity: Identity, id: string): Promise<WebhookDelivery | null> {
    requireUser(identity);
    if (!isId('whd', id)) return null;
    const delivery = await this.repo.delivery(em, id);
    return delivery && (await this.endpoint(em, identity, delivery.endpointId)) ? delivery : null;
  }

  async endpointById(em: EntityManager, id: string): Promise<WebhookEndpoint | null> {
    return this.repo.endpoint(em, id);
  }

  deliveries(em: EntityManager, endpointId: string, first: number, before: { createdAt: Date; id: string } | null, status: WebhookDeliveryStatus | null) {
    return this.repo.deliveries(em, { endpointId, first, before, status });
  }

  attemptsOf(em: EntityManager, deliveryIds: readonly string[]) {
    return this.repo.attemptsOf(em, deliveryIds);
  }

  // --- management ------------------------------------------------------------------------------------------------

  async create(identity: Identity, input: CreateEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const userId = requireUser(identity);
    const url = this.checkUrl(input.url);
    const eventTypes = checkEventTypes(input.eventTypes);
    const description = checkDescription(input.description);
    const app = await this.application(identity, userId, input.applicationId ?? null);
    const secret = newWebhookSecret();
    const id = newId('whe');
    const endpoint = await this.repo.insertEndpoint(
      this.orm.em.fork(),
      { id, ...app, url, description, eventTypes, secret: this.secrets.seal(secret, id) },
      MAX_ENDPOINTS_PER_APPLICATION,
    );
    if (!endpoint) throw errors.user('TOO_MANY_ENDPOINTS', `At most ${MAX_ENDPOINTS_PER_APPLICATION} webhook endpoints per application`, 'input');
    return { endpoint, secret };
  }

  async update(identity: Identity, input: UpdateEndpointInput): Promise<{ endpoint: WebhookEndpoint }> {
    await this.managed(identity, input.endpointId);
    const changes = {
      ...(input.url !== undefined && input.url !== null ? { url: this.checkUrl(input.url) } : {}),
      ...(input.eventTypes !== undefined && input.eventTypes !== null ? { eventTypes: checkEventTypes(input.eventTypes) } : {}),
      ...(input.description !== undefined ? { description: checkDescription(input.description) } : {}),
      ...(input.enabled !== undefined && input.enabled !== null ? { enabled: input.enabled } : {}),
    };
    const endpoint = await this.repo.updateEndpoint(this.orm.em.fork(), input.endpointId, changes);
    if (!endpoint) throw endpointNotFound();
    if (changes.enabled) this.opts.onDue();
    return { endpoint };
  }

  async rotateSecret(identity: Identity, input: { endpointId: string; overlapSeconds?: number | null }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const overlap = input.overlapSeconds ?? 0;
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_SECRET_OVERLAP_SECONDS) {
      throw errors.user('INVALID_OVERLAP', `overlapSeconds must be between 0 and ${MAX_SECRET_OVERLAP_SECONDS}`, ['input', 'overlapSeconds']);
    }
    await this.managed(identity, input.endpointId);
    const secret = newWebhookSecret();
    const endpoint = await this.repo.rotateSecret(this.orm.em.fork(), input.endpointId, this.secrets.seal(secret, input.endpointId), overlap);
    if (!endpoint) throw endpointNotFound();
    return { endpoint, secret };
  }

  async delete(identity: Identity, input: { endpointId: string }): Promise<{ deletedEndpointId: string }> {
    await this.managed(identity, input.endpointId);
    if (!(await this.repo.deleteEndpoint(this.orm.em.fork(), input.endpointId))) throw endpointNotFound();
    return { deletedEndpointId: input.endpointId };
  }

  async redeliver(identity: Identity, input: { deliveryId: string }): Promise<{ delivery: WebhookDelivery }> {
    const em = this.orm.em.fork();
    const found = await this.delivery(em, identity, input.deliveryId);
    if (!found) throw errors.user('WEBHOOK_DELIVERY_NOT_FOUND', 'No such webhook delivery', ['input', 'deliveryId']);
    const delivery = await this.repo.redeliver(em, found.id, this.opts.retry.retryForMs);
    if (!delivery) throw errors.user('WEBHOOK_DELIVERY_NOT_FOUND', 'No such webhook delivery', ['input', 'deliveryId']);
    this.opts.onDue();
    return { delivery };
  }

  // --- the backbone ----------------------------------------------------------------------------------------------

  /**
   * In the webhooks consumer's transaction: one PENDING delivery per enabled endpoint of an event's parties that
   * subscribed to its type, for every event of a received batch: the endpoints of all the batch's parties in one read,
   * the deliveries in one insert (none when no party has an endpoint, the common case). Returns how many deliveries
   * it made (the caller wakes the worker after commit).
   */
  /** Whether any event of a batch is for a party with an endpoint subscribed to it (one read, no transaction). */
  async mayDeliver(events: readonly EventEnvelope[]): Promise<boolean> {
    const webhooks = events.flatMap((event) => webhookEventFor(event) ?? []);
    if (webhooks.length === 0) return false;
    const endpoints = await this.repo.subscribedEndpointsOf(this.orm.em.fork(), webhooks.flatMap((webhook) => webhook.parties));
    return webhooks.some((webhook) => subscribers(webhook, endpoints).length > 0);
  }

  async deliveriesFor(em: EntityManager, events: readonly EventEnvelope[]): Promise<number> {
    const webhooks = events.flatMap((event) => {
      const webhook = webhookEventFor(event);
      return webhook ? [{ event, webhook }] : [];
    });
    if (webhooks.length === 0) return 0;
    const endpoints = await this.repo.subscribedEndpointsOf(em, webhooks.flatMap(({ webhook }) => webhook.parties));
    if (endpoints.length === 0) return 0;
    const rows = webhooks.flatMap(({ event, webhook }) =>
      subscribers(webhook, endpoints).map(({ id }) => {
        const deliveryId = deliveryIdFor(id, event.id);
        return { id: deliveryId, endpointId: id, eventId: event.id, eventType: webhook.type, body: deliveryBody(event, webhook, deliveryId) };
      }),
    );
    await this.repo.insertDeliveries(em, rows, this.opts.retry.retryForMs);
    return rows.length;
  }

  // --- rules -----------------------------------------------------------------------------------------------------

  private async managed(identity: Identity, endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoint(this.orm.em.fork(), identity, endpointId);
    if (!endpoint) throw endpointNotFound();
    return endpoint;
  }

  /** The application an endpoint is created for: a key's own, or one the person owns (admins: any). */
  private async application(identity: Identity, userId: string, applicationId: string | null) {
    const notFound = () => errors.user('APPLICATION_NOT_FOUND', 'No such partner application of yours', ['input', 'applicationId']);
    const key = identity.apiKey;
    if (key) {
      if (applicationId !== null && applicationId !== key.applicationId) throw notFound();
      return { applicationId: key.applicationId, accountId: key.accountId, ownerId: userId };
    }
    if (applicationId === null || !isId('app', applicationId)) throw notFound();
    const app = await this.applications.find(applicationId);
    if (!app || !(app.ownerId === userId || hasRole(identity, 'ADMIN'))) throw notFound();
    return { applicationId: app.applicationId, accountId: app.accountId, ownerId: app.ownerId };
  }

  private checkUrl(raw: string): string {
    const url = raw.trim();
    const problem = targetUrlProblem(url, this.opts.targets);
    if (problem) throw errors.user('INVALID_URL', problem, ['input', 'url']);
    return url;
  }
}

/** The endpoints, of those read for a batch, that get this event: a party's, subscribed to its type. */
function subscribers<E extends { ownerId: string; eventTypes: string[] }>(webhook: { parties: readonly string[]; type: string }, endpoints: readonly E[]): E[] {
  return endpoints.filter((e) => webhook.parties.includes(e.ownerId) && e.eventTypes.includes(webhook.type));
}

/** A key manages its own application's endpoints only; a person their applications' (admins: all). */
export function mayManage(identity: Identity, endpoint: WebhookEndpoint): boolean {
  if (!identity.userId) return false;
  if (identity.apiKey) return identity.apiKey.applicationId === endpoint.applicationId && identity.userId === endpoint.ownerId;
  return identity.userId === endpoint.ownerId || hasRole(identity, 'ADMIN');
}

const endpointNotFound = () => errors.user('WEBHOOK_ENDPOINT_NOT_FOUND', 'No such webhook endpoint', ['input', 'endpointId']);

function checkEventTypes(types: readonly string[]): WebhookEventType[] {
  const unique = [...new Set(types)];
  if (unique.length === 0) throw errors.user('INVALID_EVENT_TYPES', 'Subscribe to at least one event type', ['input', 'eventTypes']);
  const unknown = unique.filter((t) => !(WEBHOOK_EVENT_TYPE_NAMES as string[]).includes(t));
  if (unknown.length > 0) throw errors.user('INVALID_EVENT_TYPES', `Unknown event types: ${unknown.join(', ')}`, ['input', 'eventTypes']);
  return WEBHOOK_EVENT_TYPE_NAMES.filter((t) => unique.includes(t));
}

function checkDescription(description: string | null | undefined): string | null {
  if (description === null || description === undefined) return null;
  if (description.length > DESCRIPTION_MAX) throw errors.user('INVALID_DESCRIPTION', `At most ${DESCRIPTION_MAX} characters`, ['input', 'description']);
  return description;
}
