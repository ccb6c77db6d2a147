import { createHash } from 'node:crypto';
import { z } from 'zod';
import { errors } from '@paygraph/platform/errors';
import { IDENTITY_HEADER, type ApiKeyActor, type IdentitySigner } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';
import type { RevocationCheck } from './revocations.js';

/** `pg_test_…` / `pg_live_…`: a partner's secret key (users' PartnerService issues them). */
export const API_KEY_PATTERN = /^pg_(test|live)_[0-9A-Za-z]{43}$/;
export const isApiKeyCredential = (credential: string) => credential.startsWith('pg_');

const grantSchema = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    ownerId: z.string(),
    accountId: z.string(),
    scopes: z.array(z.string()),
    endsAt: z.number().int().nullable(),
  })
  .nullable();
export type KeyGrant = NonNullable<z.infer<typeof grantSchema>>;

/** Bounds the caches below: a flood of made-up keys costs a lookup each (rate limited by IP), never unbounded memory. */
const CACHE_MAX_ENTRIES = 10_000;
const TIMEOUT_MS = 2_000;

/** Calls one of users' internal commands with the gateway's signed identity; the answer's `result`. */
export function usersCommand(baseUrl: string, signer: IdentitySigner, fetcher: typeof fetch = fetch) {
  return async (name: string, input: unknown): Promise<unknown> => {
    const token = await signer.sign({ userId: null, roles: [], scopes: [] });
    const res = await fetcher(new URL(`/_internal/${name}`, baseUrl), {
      method: 'POST',
      headers: { [IDENTITY_HEADER]: token, 'content-type': 'application/json' },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`users ${name} answered ${res.status}`);
    return ((await res.json()) as { result: unknown }).result;
  };
}

/**
 * Partner API keys at the gateway (issue 13). A key is looked up by the SHA-256 of the secret (users keeps nothing
 * else) on a cache miss and remembered for `cacheMs`, a made-up or ended key for `negativeCacheMs`; concurrent misses
 * for one key share one lookup. So the common request costs a hash and a Map lookup, no subgraph call. A revoked or
 * rotated key is not waited out: the revocation list (polled every second) says when each key ends, and that is
 * checked on every request, the cached ones too.
 */
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { grant: KeyGrant | null; until: number }>();
  private readonly inFlight = new Map<string, Promise<KeyGrant | null>>();

  constructor(
    private readonly opts: {
      call: (name: string, input: unknown) => Promise<unknown>;
      revocations?: RevocationCheck;
      cacheMs: number;
      negativeCacheMs: number;
      logger: Logger;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** The key's grant, or UNAUTHENTICATED; SERVICE_UNAVAILABLE when users cannot be asked. */
  async authenticate(secret: string): Promise<{ grant: KeyGrant; actor: ApiKeyActor }> {
    if (!API_KEY_PATTERN.test(secret)) throw errors.unauthenticated('Invalid API key');
    const hash = createHash('sha256').update(secret).digest('hex');
    const now = this.now();
    let grant: KeyGrant | null;
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) grant = hit.grant;
    else grant = await this.lookup(hash);
    if (!grant) throw errors.unauthenticated('Invalid API key');
    const list = this.opts.revocations;
    if (list && !list.loaded) {
      try {
        await list.ready();
      } catch (error) {
        throw errors.unavailable('Authentication', error);
      }
    }
    const endsAt = list?.keyEndsAt(grant.id) ?? grant.endsAt;
    if (endsAt !== null && endsAt <= this.now()) throw errors.unauthenticated('API key has been revoked or has expired');
    return { grant, actor: { id: grant.id, applicationId: grant.applicationId, accountId: grant.accountId } };
  }

  private lookup(hash: string): Promise<KeyGrant | null> {
    let pending = this.inFlight.get(hash);
    if (!pending) {
      pending = this.fetchGrant(hash).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, pending);
    }
    return pending;
  }

  private async fetchGrant(hash: string): Promise<KeyGrant | null> {
    let grant: KeyGrant | null;
    try {
      grant = grantSchema.parse(await this.opts.call('apiKey', { secretHash: hash }));
    } catch (error) {
      this.opts.logger.error({ err: error }, 'API key lookup failed');
      throw errors.unavailable('Authentication', error);
    }
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(hash, { grant, until: this.now() + (grant ? this.opts.cacheMs : this.opts.negativeCacheMs) });
    return grant;
  }
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

/** One command stays far below users' 64 KiB body limit: a use is ~250 bytes. */
const USES_PER_CALL = 100;
const MAX_BUFFERED_USES = 20_000;

/**
 * Every request made with an API key is reported to users, which writes it to the audit log (ApiKeyUsed events)
 * and the key's lastUsedAt. Uses are buffered and sent every `flushMs` in batches, so a request pays for a push to
 * an array; a failed report is retried at the next flush. If users stays away long enough for the buffer to fill,
 * the oldest uses are dropped and the count is logged as an error (an alert): the request path never blocks on it.
 */
export class KeyUsageRecorder {
  private buffer: { apiKeyId: string; use: KeyUse }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private dropped = 0;

  constructor(
    private readonly opts: { call: (name: string, input: unknown) => Promise<unknown>; flushMs: number; logger: Logger },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.opts.flushMs);
    this.timer.unref();
  }

  record(apiKeyId: string, use: KeyUse): void {
    this.buffer.push({ apiKeyId, use });
    if (this.buffer.length > MAX_BUFFERED_USES) {
      const excess = this.buffer.length - MAX_BUFFERED_USES;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Sends what is buffered (one flush at a time). */
  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush().catch(() => {});
  }

  private async send(): Promise<void> {
    if (this.dropped > 0) {
      this.opts.logger.error({ alert: 'API_KEY_USES_DROPPED', dropped: this.dropped }, 'API key uses were dropped before users recorded them');
      this.dropped = 0;
    }
    while (this.buffer.length > 0) {
      const chunk = this.buffer.slice(0, USES_PER_CALL);
      const byKey = new Map<string, KeyUse[]>();
      for (const { apiKeyId, use } of chunk) {
        let uses = byKey.get(apiKeyId);
        if (!uses) byKey.set(apiKeyId, (uses = []));
        uses.push(use);
      }
      try {
        await this.opts.call('apiKeyUses', { batches: [...byKey].map(([apiKeyId, uses]) => ({ apiKeyId, uses })) });
      } catch (error) {
        this.opts.logger.warn({ err: error, buffered: this.buffer.length }, 'API key uses not recorded yet; retrying');
        return;
      }
      this.buffer.splice(0, chunk.length);
    }
  }
}
