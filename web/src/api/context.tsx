import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { TypedDocumentString } from '../__generated__/graphql';
import { GraphQLClient, GraphQLRequestError, SessionEndedError, type Sink } from './client';
import { SessionStore, type Tokens } from './session';

interface Api {
  client: GraphQLClient;
  session: SessionStore;
  tokens: Tokens | null;
}

const ApiContext = createContext<Api | null>(null);

/** The gateway's URL: set by the console server in a meta tag, else this host's port 4000 (the gateway's default). */
export function graphqlUrl(): string {
  const configured = document.querySelector<HTMLMetaElement>('meta[name="paygraph-graphql-url"]')?.content;
  if (configured) return configured;
  if (import.meta.env.VITE_GRAPHQL_URL) return import.meta.env.VITE_GRAPHQL_URL as string;
  return `${location.protocol}//${location.hostname}:4000/graphql`;
}

export function ApiProvider({ children }: { children: ReactNode }) {
  const [api] = useState(() => {
    const session = new SessionStore();
    return { session, client: new GraphQLClient(graphqlUrl(), session) };
  });
  const [tokens, setTokens] = useState(() => api.session.get());
  useEffect(
    () =>
      api.session.subscribe((next) => {
        setTokens((prev) => {
          if (prev?.userId !== next?.userId) api.client.reset();
          return next;
        });
      }),
    [api],
  );
  return <ApiContext.Provider value={{ ...api, tokens }}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

/** What a person should read for a failed request. */
export function describeError(error: unknown): string {
  if (error instanceof SessionEndedError) return error.message;
  if (error instanceof GraphQLRequestError) {
    const requestId = error.errors[0]?.extensions?.requestId;
    return requestId ? `${error.message} (request ${requestId})` : error.message;
  }
  if (error instanceof TypeError) return 'The server cannot be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}

export interface QueryState<R> {
  data: R | undefined;
  error: unknown;
  loading: boolean;
  refetch: () => Promise<void>;
}

/** Runs a query when mounted and whenever its variables change (compared as JSON). */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V, opts: { skip?: boolean } = {}): QueryState<R> {
  const { client } = useApi();
  const [state, setState] = useState<{ data?: R; error?: unknown; loading: boolean }>({ loading: !opts.skip });
  const key = JSON.stringify(variables);
  const generation = useRef(0);
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await client.request(document, JSON.parse(key) as V);
      if (mine === generation.current) setState({ data, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, [client, document, key]);
  useEffect(() => {
    if (!opts.skip) void run();
  }, [run, opts.skip]);
  return { data: state.data, error: state.error, loading: state.loading, refetch: run };
}

/** Holds a subscription open while mounted (and while `skip` is false). */
export function useSubscription<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  onData: (data: R) => void,
  opts: { skip?: boolean } = {},
): void {
  const { client } = useApi();
  const handler = useRef(onData);
  handler.current = onData;
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (opts.skip) return;
    const sink: Sink<R> = { next: (d) => handler.current(d), error: (e) => console.warn('subscription ended', e) };
    return client.subscribe(document, JSON.parse(key) as V, sink);
  }, [client, document, key, opts.skip]);
}
