import { z } from 'zod';
import { IDENTITY_HEADER, ROLES, type IdentitySigner, type Role } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';

/**
 * What the gateway knows of access tokens that ended before their `exp`: the sessions users revoked (logout,
 * refresh-token reuse) and the users whose roles changed, both within the last lifetime of an access token.
 *
 * Kept in memory and refreshed by calling users' internal command `revocations` (`POST /_internal/revocations`)
 * every `pollMs` (two indexed reads there per gateway replica per interval), so checking a request costs two Map
 * lookups and no I/O: the hot path stays as it was, and a revocation is seen within about one interval. The list is read from the very rows the logout or the
 * role change committed, so nothing can be revoked without the gateways hearing of it.
 *
 * Until the first poll has answered the gateway cannot tell a revoked token from a good one, so it admits no
 * token (503, as when the JWKS cannot be fetched). Once it has, a failed poll keeps the list it has (logged): an
 * outage of users must not sign everybody out.
 */
export interface RevocationCheck {
  /** Resolves once the list has been loaded (at once after the first success); rejects if it cannot be. */
  ready(): Promise<void>;
  readonly loaded: boolean;
  isSessionRevoked(sessionId: string): boolean;
  /** The user's roles as they are now, when they changed within a token's lifetime; undefined otherwise. */
  currentRoles(userId: string): Role[] | undefined;
  /** Whether the user has TOTP on now, when they turned it on or off within a token's lifetime; undefined otherwise. */
  currentTotp(userId: string): boolean | undefined;
  /** When a partner API key ends (revoked: in the past; rotated: the end of its overlap), if the list knows; ms. */
  keyEndsAt(keyId: string): number | undefined;
  /** Calls `onEnd` once when the session is revoked or the user's roles change; returns the function that stops watching. */
  watch(viewer: { userId: string | null; sessionId: string | null }, onEnd: (reason: string) => void): () => void;
}

/** An access token lives 15 min, plus the gateway's 60 s allowance on `iat`, plus skew: nothing older matters. */
const HORIZON_MS = 20 * 60 * 1000;
/**
 * Each poll re-reads this much before the previous answer's clock: a row committed late with an earlier timestamp,
 * or stamped by a users replica whose clock is behind the one that answered (the same 60 s of skew the gateway
 * allows on `iat`). What was already known is skipped, so the overlap costs only the size of the answer.
 */
const OVERLAP_MS = 60_000;
const TIMEOUT_MS = 2_000;

const answer = z.object({
  now: z.number().int(),
  sessions: z.array(z.object({ id: z.string(), revokedAt: z.number().int() })),
  roles: z.array(z.object({ userId: z.string(), roles: z.array(z.string()), changedAt: z.number().int() })),
  keys: z.array(z.object({ id: z.string(), endsAt: z.number().int() })).default([]),
  totp: z.array(z.object({ userId: z.string(), enabled: z.boolean(), changedAt: z.number().int() })).default([]),
});
const response = z.object({ result: answer });

export class RevocationList implements RevocationCheck {
  /** Session id → when it may be forgotten. */
  private readonly sessions = new Map<string, number>();
  private readonly roles = new Map<string, { roles: Role[]; changedAt: number; forgetAt: number }>();
  private readonly totp = new Map<string, { enabled: boolean; changedAt: number; forgetAt: number }>();
  private readonly watchers = new Map<string, Set<(reason: string) => void>>();
  /** API key id → when it ends (kept until the horizon after that; a longer-lived cached grant is re-read by then). */
  private readonly keys = new Map<string, number>();
  private since: number | null = null;
  private loading: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failingSince: number | null = null;
  loaded = false;

  constructor(
    private readonly opts: { url: string; signer: IdentitySigner; logger: Logger; pollMs: number; fetch?: typeof fetch },
  ) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  ready(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    return this.poll();
  }

  isSessionRevoked(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  currentRoles(userId: string): Role[] | undefined {
    return this.roles.get(userId)?.roles;
  }

  currentTotp(userId: string): boolean | undefined {
    return this.totp.get(userId)?.enabled;
  }

  keyEndsAt(keyId: string): number | undefined {
    return this.keys.get(keyId);
  }

  watch(viewer: { userId: string | null; sessionId: string | null }, onEnd: (reason: string) => void): () => void {
    const keys = [viewer.sessionId && `s:${viewer.sessionId}`, viewer.userId && `u:${viewer.userId}`].filter((k): k is string => !!k);
    let done = false;
    const once = (reason: string) => {
      if (done) return;
      done = true;
      unwatch();
      onEnd(reason);
    };
    const unwatch = () => {
      for (const key of keys) {
        const set = this.watchers.get(key);
        set?.delete(once);
        if (set?.size === 0) this.watchers.delete(key);
      }
    };
    for (const key of keys) {
      let set = this.watchers.get(key);
      if (!set) this.watchers.set(key, (set = new Set()));
      set.add(once);
    }
    return unwatch;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poll().catch(() => {}).finally(() => this.schedule(this.opts.pollMs));
    }, delay);
    this.timer.unref();
  }

  /** One poll at a time; a caller waiting for the first load joins the one in flight. */
  private poll(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    const since = this.since ?? Date.now() - HORIZON_MS;
    let body: z.infer<typeof answer>;
    try {
      const token = await this.opts.signer.sign({ userId: null, roles: [], scopes: [] });
      const res = await (this.opts.fetch ?? fetch)(this.opts.url, {
        method: 'POST',
        headers: { [IDENTITY_HEADER]: token, 'content-type': 'application/json' },
        body: JSON.stringify({ since }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`revocation list answered ${res.status}`);
      body = response.parse(await res.json()).result;
    } catch (error) {
      const now = Date.now();
      // Once when it starts failing, then every 30 s: a poll runs every second.
      if (this.failingSince === null || now - this.failingSince >= 30_000) {
        this.opts.logger.error({ err: error, url: this.opts.url, loaded: this.loaded }, 'revocation list could not be refreshed');
        this.failingSince = now;
      }
      throw error;
    }
    if (this.failingSince !== null) this.opts.logger.info('revocation list refreshed again');
    this.failingSince = null;
    this.apply(body);
    this.since = body.now - OVERLAP_MS;
    this.loaded = true;
  }

  private apply(body: z.infer<typeof answer>): void {
    const ended: [string, string][] = [];
    for (const s of body.sessions) {
      if (this.sessions.has(s.id)) continue;
      this.sessions.set(s.id, s.revokedAt + HORIZON_MS);
      ended.push([`s:${s.id}`, 'Session has ended']);
    }
    for (const r of body.roles) {
      const known = this.roles.get(r.userId);
      if (known && known.changedAt >= r.changedAt) continue;
      const roles = r.roles.filter((x): x is Role => (ROLES as readonly string[]).includes(x));
      this.roles.set(r.userId, { roles: roles.length > 0 ? roles : ['USER'], changedAt: r.changedAt, forgetAt: r.changedAt + HORIZON_MS });
      ended.push([`u:${r.userId}`, 'Roles changed: refresh the access token']);
    }
    for (const u of body.totp) {
      const known = this.totp.get(u.userId);
      if (known && known.changedAt >= u.changedAt) continue;
      this.totp.set(u.userId, { enabled: u.enabled, changedAt: u.changedAt, forgetAt: u.changedAt + HORIZON_MS });
    }
    for (const k of body.keys) {
      const known = this.keys.get(k.id);
      if (known === undefined || k.endsAt < known) this.keys.set(k.id, k.endsAt);
    }
    const now = Date.now();
    for (const [id, endsAt] of this.keys) if (endsAt + HORIZON_MS < now) this.keys.delete(id);
    for (const [id, forgetAt] of this.sessions) if (forgetAt < now) this.sessions.delete(id);
    for (const [id, entry] of this.roles) if (entry.forgetAt < now) this.roles.delete(id);
    for (const [id, entry] of this.totp) if (entry.forgetAt < now) this.totp.delete(id);
    for (const [key, reason] of ended) {
      for (const onEnd of [...(this.watchers.get(key) ?? [])]) {
        try {
          onEnd(reason);
        } catch (error) {
          this.opts.logger.error({ err: error }, 'revocation watcher failed');
        }
      }
    }
  }
}
