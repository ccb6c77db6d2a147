import { createHash, randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import { Outbox } from '@paygraph/platform/events';
import { isId, newId } from '@paygraph/platform/ids';
import { hasRole, requireSignedInPerson, type Identity } from '@paygraph/platform/identity';
import { API_SCOPES } from '@paygraph/platform/scopes';
import { ApiKey } from '../entities/api-key.entity.js';
import { PartnerApplication } from '../entities/partner-application.entity.js';
import { TrustedDocument } from '../entities/trusted-document.entity.js';

/** What users asks accounts before an application is registered (accounts' internal command `businessAccount`). */
export interface BusinessAccounts {
  find(accountId: string, ownerId: string | null): Promise<{ accountId: string; ownerId: string } | null>;
}

export const MAX_LIVE_KEYS_PER_APPLICATION = 10;
export const MAX_APPLICATIONS_PER_OWNER = 20;
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 86_400;
export const MAX_DOCUMENTS_PER_CALL = 50;
export const MAX_DOCUMENT_CHARS = 20_000;
export const MAX_DOCUMENTS_PER_APPLICATION = 500;
const NAME_MAX = 100;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 256 random bits in base62 (43 characters): no `_` or `-` inside, so a double-click selects the whole key. */
function randomBase62(bytes = 32): string {
  let n = BigInt(`0x${randomBytes(bytes).toString('hex')}`);
  let out = '';
  while (out.length < 43) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out;
}

/** A key as the gateway presents it: `pg_test_` or `pg_live_` and 43 base62 characters. */
export const API_KEY_PATTERN = /^pg_(test|live)_[0-9A-Za-z]{43}$/;
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** What the gateway learns of a key: enough to authenticate and forward the identity, never the secret. */
export interface KeyGrant {
  id: string;
  applicationId: string;
  ownerId: string;
  accountId: string;
  scopes: string[];
  /** ms since the epoch; null when the key has no end yet. */
  endsAt: number | null;
}

export interface KeyUse {
  at: string;
  requestId: string;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  documentHash: string | null;
  ip: string | null;
  status: number;
}

const USES_PER_EVENT = 200;

/**
 * Partner applications, their secret API keys and their trusted documents (issue 13). Managing them is for the
 * business account's owner signed in as a person, or an admin; never for an API key (a leaked key must not mint
 * more keys). The gateway asks for a key by its hash on a cache miss, reads ended keys from the revocation list,
 * and reports every use, which lands in the audit log as ApiKeyUsed events.
 */
export class PartnerService {
  private readonly outbox = new Outbox('users');

  constructor(
    private readonly orm: MikroORM,
    private readonly accounts: BusinessAccounts,
    private readonly opts: { environment: 'test' | 'live' },
    private readonly now: () => Date = () => new Date(),
  ) {}

  // --- reads ---------------------------------------------------------------------------------------------------

  async applicationsOf(em: EntityManager, identity: Identity, ownerId: string): Promise<PartnerApplication[]> {
    if (identity.apiKey || !(identity.userId === ownerId || hasRole(identity, 'ADMIN'))) return [];
    return em.find(PartnerApplication, { ownerId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async application(em: EntityManager, identity: Identity, id: string): Promise<PartnerApplication | null> {
    requireSignedInPerson(identity);
    if (!isId('app', id)) return null;
    const app = await em.findOne(PartnerApplication, id);
    return app && this.mayManage(identity, app) ? app : null;
  }

  /** A reference from another subgraph (notifications' webhook endpoints): visible as `application` is, else null. */
  async referencedApplication(em: EntityManager, identity: Identity, id: string): Promise<PartnerApplication | null> {
    if (identity.apiKey || !isId('app', id)) return null;
    const app = await em.findOne(PartnerApplication, id);
    return app && this.mayManage(identity, app) ? app : null;
  }

  /** Notifications' internal command: whose an application is, before a person registers a webhook endpoint for it. */
  async applicationOwner(applicationId: string): Promise<{ applicationId: string; ownerId: string; accountId: string } | null> {
    const app = await this.orm.em.fork().findOne(PartnerApplication, applicationId);
    return app ? { applicationId: app.id, ownerId: app.ownerId, accountId: app.accountId } : null;
  }

  keysOf(em: EntityManager, applicationId: string): Promise<ApiKey[]> {
    return em.find(ApiKey, { application: applicationId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  documentsOf(em: EntityManager, applicationId: string): Promise<TrustedDocument[]> {
    return em.find(TrustedDocument, { application: applicationId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  isActive(key: ApiKey): boolean {
    const ends = key.endsAt();
    return ends === null || ends > this.now();
  }

  // --- management ----------------------------------------------------------------------------------------------

  async createApplication(identity: Identity, input: { accountId: string; name: string }): Promise<{ application: PartnerApplication }> {
    const actor = requireSignedInPerson(identity);
    const name = input.name.trim();
    if (name.length < 1 || name.length > NAME_MAX || /[\p{Cc}]/u.test(name)) {
      throw errors.user('INVALID_NAME', `Name must be 1 to ${NAME_MAX} characters`, ['input', 'name']);
    }
    const notFound = () => errors.user('ACCOUNT_NOT_FOUND', 'No active business account of yours with that id', ['input', 'accountId']);
    if (!isId('acc', input.accountId)) throw notFound();
    const account = await this.accounts.find(input.accountId, hasRole(identity, 'ADMIN') ? null : actor);
    if (!account) throw notFound();
    return inTransaction(this.orm, async (em) => {
      if ((await em.count(PartnerApplication, { ownerId: account.ownerId })) >= MAX_APPLICATIONS_PER_OWNER) {
        throw errors.user('APPLICATION_LIMIT', `At most ${MAX_APPLICATIONS_PER_OWNER} applications per owner`);
      }
      const application = em.create(PartnerApplication, {
        id: newId('app'),
        ownerId: account.ownerId,
        accountId: account.accountId,
        name,
        createdBy: actor,
        createdAt: this.now(),
      });
      this.outbox.emit(em, 'PartnerApplicationCreated', application.id, {
        applicationId: application.id,
        ownerId: application.ownerId,
        accountId: application.accountId,
        name,
        createdBy: actor,
        at: this.now().toISOString(),
      });
      return { application };
    });
  }

  async createKey(identity: Identity, input: { applicationId: string; scopes: readonly string[] }): Promise<{ apiKey: ApiKey; secret: string }> {
    const actor = requireSignedInPerson(identity);
    const scopes = checkScopes(input.scopes);
    return inTransaction(this.orm, async (em) => {
      const app = await this.managedApplication(em, identity, input.applicationId, ['input', 'applicationId']);
      return this.issue(em, app, scopes, actor, null);
    });
  }

  async rotateKey(
    identity: Identity,
    input: { apiKeyId: string; overlapSeconds?: number | null },
  ): Promise<{ apiKey: ApiKey; secret: string; previous: ApiKey }> {
    const actor = requireSignedInPerson(identity);
    const overlap = input.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_ROTATION_OVERLAP_SECONDS) {
      throw errors.user('INVALID_OVERLAP', `overlapSeconds must be 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`, ['input', 'overlapSeconds']);
    }
    return inTransaction(this.orm, async (em) => {
      const previous = await this.managedKey(em, identity, input.apiKeyId);
      if (!this.isActive(previous)) throw errors.user('API_KEY_ENDED', 'That key has already ended', ['input', 'apiKeyId']);
      const now = this.now();
      const ends = new Date(now.getTime() + overlap * 1000);
      if (overlap === 0) previous.revokedAt = now;
      else previous.expiresAt = previous.expiresAt && previous.expiresAt < ends ? previous.expiresAt : ends;
      previous.changedAt = now;
      const issued = await this.issue(em, previous.application, [...previous.scopes], actor, previous.id);
      this.outbox.emit(em, 'ApiKeyRevoked', previous.id, {
        apiKeyId: previous.id,
        applicationId: previous.application.id,
        ownerId: previous.application.ownerId,
        reason: 'ROTATED',
        endsAt: previous.endsAt()!.toISOString(),
        by: actor,
        at: now.toISOString(),
      });
      return { ...issued, previous };
    });
  }

  async revokeKey(identity: Identity, input: { apiKeyId: string }): Promise<{ apiKey: ApiKey }> {
    const actor = requireSignedInPerson(identity);
    return inTransaction(this.orm, async (em) => {
      const key = await this.managedKey(em, identity, input.apiKeyId);
      if (key.revokedAt) return { apiKey: key };
      const now = this.now();
      key.revokedAt = now;
      key.changedAt = now;
      this.outbox.emit(em, 'ApiKeyRevoked', key.id, {
        apiKeyId: key.id,
        applicationId: key.application.id,
        ownerId: key.application.ownerId,
        reason: 'REVOKED',
        endsAt: now.toISOString(),
        by: actor,
        at: now.toISOString(),
      });
      return { apiKey: key };
    });
  }

  async registerDocuments(identity: Identity, input: { applicationId: string; documents: readonly string[] }): Promise<{ documents: TrustedDocument[] }> {
    const actor = requireSignedInPerson(identity);
    if (input.documents.length < 1 || input.documents.length > MAX_DOCUMENTS_PER_CALL) {
      throw errors.user('INVALID_DOCUMENTS', `Register 1 to ${MAX_DOCUMENTS_PER_CALL} documents at a time`, ['input', 'documents']);
    }
    const parsed = input.documents.map((text, i) => canonicalDocument(text, ['input', 'documents', String(i)]));
    return inTransaction(this.orm, async (em) => {
      const app = await this.managedApplication(em, identity, input.applicationId, ['input', 'applicationId']);
      // One registration at a time per application, so the count below holds.
      await em.findOne(PartnerApplication, app.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const hashes = [...new Set(parsed.map((d) => d.hash))];
      const existing = await em.find(TrustedDocument, { application: app.id, hash: { $in: hashes } });
      const byHash = new Map(existing.map((d) => [d.hash, d]));
      const fresh = hashes.filter((h) => !byHash.has(h));
      if ((await em.count(TrustedDocument, { application: app.id })) + fresh.length > MAX_DOCUMENTS_PER_APPLICATION) {
        throw errors.user('DOCUMENT_LIMIT', `At most ${MAX_DOCUMENTS_PER_APPLICATION} documents per application`, ['input', 'documents']);
      }
      for (const doc of parsed) {
        if (byHash.has(doc.hash)) continue;
        byHash.set(
          doc.hash,
          em.create(TrustedDocument, { id: newId('tdoc'), application: app, hash: doc.hash, operationName: doc.operationName, body: doc.body, createdAt: this.now() }),
        );
      }
      if (fresh.length > 0) {
        this.outbox.emit(em, 'TrustedDocumentsRegistered', app.id, {
          applicationId: app.id,
          ownerId: app.ownerId,
          hashes: fresh,
          by: actor,
          at: this.now().toISOString(),
        });
      }
      return { documents: parsed.map((d) => byHash.get(d.hash)!) };
    });
  }

  // --- for the gateway (internal commands) ---------------------------------------------------------------------

  /** The key whose secret hashes to `secretHash`, if it has not ended. */
  async grantFor(secretHash: string): Promise<KeyGrant | null> {
    const key = await this.orm.em.fork().findOne(ApiKey, { secretHash }, { populate: ['application'] });
    if (!key || !this.isActive(key)) return null;
    return {
      id: key.id,
      applicationId: key.application.id,
      ownerId: key.application.ownerId,
      accountId: key.application.accountId,
      scopes: [...key.scopes],
      endsAt: key.endsAt()?.getTime() ?? null,
    };
  }

  async document(applicationId: string, hash: string): Promise<{ body: string } | null> {
    const doc = await this.orm.em.fork().findOne(TrustedDocument, { application: applicationId, hash }, { fields: ['body'] });
    return doc ? { body: doc.body } : null;
  }

  /** Keys whose end moved since `since` (revoked, rotated): the gateways' revocation list. */
  async endedSince(em: EntityManager, since: Date): Promise<{ id: string; endsAt: number }[]> {
    const keys = await em.find(ApiKey, { changedAt: { $gt: since } }, { fields: ['id', 'revokedAt', 'expiresAt'] });
    return keys.flatMap((k) => {
      const ends = k.endsAt();
      return ends ? [{ id: k.id, endsAt: ends.getTime() }] : [];
    });
  }

  /**
   * The gateway's report of what each key was used for: one ApiKeyUsed event per key (per 200 uses) in the audit
   * log, and the key's lastUsedAt. A key that does not exist (any more) is skipped: the gateway only reports keys it
   * authenticated.
   */
  async recordUses(batches: readonly { apiKeyId: string; uses: KeyUse[] }[]): Promise<{ recorded: number }> {
    return inTransaction(this.orm, async (em) => {
      const ids = batches.map((b) => b.apiKeyId).filter((id) => isId('key', id));
      const keys = new Map((await em.find(ApiKey, { id: { $in: ids } }, { populate: ['application'] })).map((k) => [k.id, k]));
      let recorded = 0;
      for (const batch of batches) {
        const key = keys.get(batch.apiKeyId);
        if (!key || batch.uses.length === 0) continue;
        for (let i = 0; i < batch.uses.length; i += USES_PER_EVENT) {
          this.outbox.emit(em, 'ApiKeyUsed', key.id, {
            apiKeyId: key.id,
            applicationId: key.application.id,
            ownerId: key.application.ownerId,
            accountId: key.application.accountId,
            uses: batch.uses.slice(i, i + USES_PER_EVENT),
          });
        }
        const last = new Date(Math.max(...batch.uses.map((u) => Date.parse(u.at))));
        if (!key.lastUsedAt || key.lastUsedAt < last) key.lastUsedAt = last;
        recorded += batch.uses.length;
      }
      return { recorded };
    });
  }

  // --- internals -----------------------------------------------------------------------------------------------

  private mayManage(identity: Identity, app: PartnerApplication): boolean {
    return !identity.apiKey && (app.ownerId === identity.userId || hasRole(identity, 'ADMIN'));
  }

  private async managedApplication(em: EntityManager, identity: Identity, id: string, field: string[]): Promise<PartnerApplication> {
    const app = isId('app', id) ? await em.findOne(PartnerApplication, id) : null;
    if (!app || !this.mayManage(identity, app)) throw errors.user('APPLICATION_NOT_FOUND', 'No such application', field);
    return app;
  }

  private async managedKey(em: EntityManager, identity: Identity, id: string): Promise<ApiKey> {
    const key = isId('key', id)
      ? await em.findOne(ApiKey, id, { populate: ['application'], lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!key || !this.mayManage(identity, key.application)) throw errors.user('API_KEY_NOT_FOUND', 'No such API key', ['input', 'apiKeyId']);
    return key;
  }

  private async issue(em: EntityManager, app: PartnerApplication, scopes: string[], actor: string, rotatedFrom: string | null) {
    const now = this.now();
    const live = await em.count(ApiKey, {
      application: app.id,
      revokedAt: null,
      $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }],
    });
    if (live >= MAX_LIVE_KEYS_PER_APPLICATION) {
      throw errors.user('API_KEY_LIMIT', `At most ${MAX_LIVE_KEYS_PER_APPLICATION} live keys per application: revoke one first`);
    }
    const random = randomBase62();
    const secret = `pg_${this.opts.environment}_${random}`;
    const apiKey = em.create(ApiKey, {
      id: newId('key'),
      application: app,
      secretHash: hashSecret(secret),
      prefix: secret.slice(0, `pg_${this.opts.environment}_`.length + 8),
      last4: secret.slice(-4),
      scopes,
      createdAt: now,
      rotatedFrom,
    });
    this.outbox.emit(em, 'ApiKeyCreated', apiKey.id, {
      apiKeyId: apiKey.id,
      applicationId: app.id,
      ownerId: app.ownerId,
      scopes,
      rotatedFrom,
      createdBy: actor,
      at: now.toISOString(),
    });
    return { apiKey, secret };
  }
}

function checkScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  if (unique.length === 0) throw errors.user('INVALID_SCOPE', 'Give the key at least one scope', ['input', 'scopes']);
  const unknown = unique.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw errors.user('INVALID_SCOPE', `Unknown scope ${unknown.slice(0, 3).join(', ')}; one of ${API_SCOPES.join(', ')}`, ['input', 'scopes']);
  }
  return unique.sort();
}

/**
 * A partner's document as the gateway will see it: parsed (bounded), exactly one operation, printed by graphql-js.
 * Whether it validates against the graph is the gateway's to say when it runs (the schema may change under it).
 */
export function canonicalDocument(text: string, field: string[]): { body: string; hash: string; operationName: string | null } {
  const invalid = (message: string) => errors.user('INVALID_DOCUMENT', message, field);
  if (text.length > MAX_DOCUMENT_CHARS) throw invalid(`A document may have at most ${MAX_DOCUMENT_CHARS} characters`);
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: 5_000, noLocation: true });
  } catch (error) {
    throw invalid(`Document does not parse: ${(error as Error).message}`);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || !document.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION)) {
    throw invalid('A document holds exactly one operation and the fragments it uses');
  }
  const body = print(document);
  return { body, hash: sha256Hex(body), operationName: operations[0]!.name?.value ?? null };
}
