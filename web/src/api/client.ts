import { createClient, type Client as WsClient } from 'graphql-ws';
import { RefreshSessionDocument, type TypedDocumentString } from '../__generated__/graphql';
import type { SessionStore } from './session';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; requestId?: string; [key: string]: unknown };
}

/** A request the graph refused as a whole (GraphQL errors, or an HTTP failure). */
export class GraphQLRequestError extends Error {
  constructor(
    readonly errors: GraphQLErrorShape[],
    readonly status?: number,
  ) {
    super(errors.map((e) => e.message).join('; ') || `Request failed (${status ?? 'network'})`);
    this.name = 'GraphQLRequestError';
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** The session could not be renewed (refresh token expired, revoked or replayed): the user must sign in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended. Please sign in again.');
    this.name = 'SessionEndedError';
  }
}

export interface Sink<R> {
  next(data: R): void;
  error?(error: unknown): void;
}

/**
 * The console's only way to the graph: typed documents over HTTP POST and graphql-ws, with the access token attached
 * and renewed. A token is refreshed ahead of its expiry, and again when the gateway answers 401 (expired early,
 * revoked keys); refreshes are single-flight because the refresh token rotates and a reused one revokes the session.
 */
export class GraphQLClient {
  private refreshing: Promise<string> | undefined;
  private ws: WsClient | undefined;
  private staleToken: string | undefined;
  /** 4401 closes since the last acknowledged connection: a token refused again right after a refresh is not retried forever. */
  private unauthorizedCloses = 0;
  private wasConnected = false;
  private reconnectListeners = new Set<() => void>();

  constructor(
    readonly url: string,
    private readonly session: SessionStore,
  ) {}

  async request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
    const token = await this.currentToken();
    const first = await this.post(document, variables, token);
    if (first.status === 401 && token) {
      this.staleToken = token;
      return this.unwrap<R>(await this.post(document, variables, await this.currentToken()));
    }
    return this.unwrap<R>(first);
  }

  /**
   * Subscribes over graphql-ws; `variables` is sent again on every (re)subscribe, so a caller can move a cursor on in
   * it. graphql-ws gives up on a socket the gateway closed with 4401 (the token expired or was refused): the
   * subscription is then made again here, on a new socket whose connectionParams carry a refreshed token.
   */
  subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, sink: Sink<R>): () => void {
    let active = true;
    let stop: (() => void) | undefined;
    const start = () => {
      stop = this.socket().subscribe<R>(
        { query: document.toString(), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) sink.error?.(new GraphQLRequestError(result.errors as GraphQLErrorShape[]));
            else if (result.data) sink.next(result.data as R);
          },
          error: (e) => {
            if (!active) return;
            if (isUnauthorizedClose(e) && this.session.get() && this.unauthorizedCloses <= MAX_UNAUTHORIZED_CLOSES) {
              queueMicrotask(() => active && start());
              return;
            }
            sink.error?.(e);
          },
          complete: () => {},
        },
      );
    };
    start();
    return () => {
      active = false;
      stop?.();
    };
  }

  /** Closes the WebSocket (sign-out): the next subscription opens a new one with the next user's token. */
  reset(): void {
    this.ws?.terminate();
    this.ws = undefined;
    this.wasConnected = false;
  }

  /**
   * Called when the WebSocket is back after a drop or a token expiry. Live events are delivered at most once, so what
   * was published while it was down is read again by whoever listens here (the notification feed resumes by itself).
   */
  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private socket(): WsClient {
    this.ws ??= createClient({
      url: this.url.replace(/^http/, 'ws'),
      lazy: true,
      keepAlive: 15_000,
      // A dropped connection is retried with graphql-ws' backoff while signed in (4401 is handled in subscribe()).
      retryAttempts: Infinity,
      shouldRetry: () => this.session.get() !== null,
      connectionParams: async () => {
        const token = await this.currentToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      on: {
        connected: () => {
          this.unauthorizedCloses = 0;
          if (this.wasConnected) for (const l of this.reconnectListeners) l();
          this.wasConnected = true;
        },
        closed: (event) => {
          if (!isUnauthorizedClose(event)) return;
          this.unauthorizedCloses++;
          this.staleToken = this.session.get()?.accessToken;
        },
      },
    });
    return this.ws;
  }

  private async post<R, V>(document: TypedDocumentString<R, V>, variables: V, token: string | undefined) {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    let body: { data?: unknown; errors?: GraphQLErrorShape[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      body = { errors: [{ message: `The server answered ${res.status} without a GraphQL response` }] };
    }
    return { status: res.status, body };
  }

  private unwrap<R>(res: { status: number; body: { data?: unknown; errors?: GraphQLErrorShape[] } }): R {
    if (res.body.errors?.length) {
      if (res.status === 401) throw new SessionEndedError();
      throw new GraphQLRequestError(res.body.errors, res.status);
    }
    if (res.body.data === undefined || res.body.data === null) throw new GraphQLRequestError([], res.status);
    return res.body.data as R;
  }

  /** The access token to send now: refreshed first when it is about to expire or the gateway refused it. */
  private async currentToken(): Promise<string | undefined> {
    const tokens = this.session.get();
    if (!tokens) return undefined;
    const stale = tokens.accessToken === this.staleToken || tokens.refreshAt <= Date.now();
    if (!stale) return tokens.accessToken;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Renews the pair. The session ends only when the graph says so (the refresh token is refused: expired, revoked,
   * replayed); a failure on the way (the network, a 5xx, a rate limit) keeps the session and is tried again shortly,
   * as a brief outage must not sign anyone out.
   */
  private async refresh(): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const tokens = this.session.get();
      if (!tokens) throw new SessionEndedError();
      let res: Awaited<ReturnType<GraphQLClient['post']>> | undefined;
      let failure: unknown;
      try {
        res = await this.post(RefreshSessionDocument, { input: { refreshToken: tokens.refreshToken } }, undefined);
      } catch (error) {
        failure = error;
      }
      const payload = res?.body.data ? (res.body.data as { refreshSession: RefreshPayload | null }).refreshSession : undefined;
      if (payload?.accessToken && payload.refreshToken && payload.expiresIn) {
        this.session.set(tokens.userId, payload.accessToken, payload.refreshToken, payload.expiresIn);
        this.staleToken = undefined;
        return payload.accessToken;
      }
      // Another tab may have rotated the pair a moment ago; its tokens are in storage now.
      const latest = this.session.get();
      if (latest && latest.refreshToken !== tokens.refreshToken) return latest.accessToken;
      if (payload) {
        this.session.clear();
        throw new SessionEndedError();
      }
      if (attempt >= REFRESH_ATTEMPTS) throw failure ?? new GraphQLRequestError(res?.body.errors ?? [], res?.status);
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

/** Tries of one renewal through transient failures (0.5 s and 1 s apart). */
const REFRESH_ATTEMPTS = 3;
const MAX_UNAUTHORIZED_CLOSES = 3;

const isUnauthorizedClose = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === 4401;

interface RefreshPayload {
  accessToken: string | null;
  refreshToken: string | null;
  expiresIn: number | null;
}
