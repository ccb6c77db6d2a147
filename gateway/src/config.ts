import path from 'node:path';
import { baseSchema, env, z } from '@paygraph/platform/config';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export const gatewayConfigSchema = baseSchema
  .pick({
    NODE_ENV: true, LOG_LEVEL: true, HOST: true, REDIS_URL: true, INTERNAL_AUTH_SECRET: true,
    DD_ENV: true, DD_VERSION: true, METRICS_DOGSTATSD_ENABLED: true, DD_AGENT_HOST: true, DD_DOGSTATSD_HOST: true, DD_DOGSTATSD_PORT: true, METRICS_FLUSH_INTERVAL_MS: true,
  })
  .extend({
    GATEWAY_PORT: env.port(4000),
    /** The composed supergraph (`npm run compose`). */
    SUPERGRAPH_PATH: z.string().default(path.join(repoRoot, 'schema', 'supergraph.graphql')),
    /**
     * Overrides of the subgraph URLs written in the supergraph, as `name=url,name=url`
     * (e.g. `users=http://users:4001/graphql`); Kubernetes and the embedded runner set these.
     */
    SUBGRAPH_URLS: z
      .string()
      .default('')
      .transform((v, ctx) => {
        const out: Record<string, string> = {};
        for (const pair of v.split(',').map((s) => s.trim()).filter(Boolean)) {
          const [name, url] = pair.split('=');
          if (!name || !url || !/^https?:\/\//.test(url)) {
            ctx.addIssue({ code: 'custom', message: `expected name=url, got "${pair}"` });
            continue;
          }
          out[name] = url;
        }
        return out;
      }),
    /** Where the users subgraph publishes its access-token signing keys. */
    JWKS_URL: z.url().default('http://127.0.0.1:4001/.well-known/jwks.json'),
    /**
     * Users' list of sessions ended and roles changed within an access token's life; default: beside JWKS_URL.
     * Polled every REVOCATION_POLL_MS, which bounds how long a logged-out token or a revoked role still works.
     */
    REVOCATIONS_URL: z.url().optional(),
    REVOCATION_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
    JWT_ISSUER: z.string().default('https://paygraph.local/users'),
    JWT_AUDIENCE: z.string().default('paygraph'),
    /** Comma-separated origins allowed by CORS; `*` allows any (never with credentials). */
    CORS_ORIGINS: env.list(),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
    MAX_ALIASES: z.coerce.number().int().min(0).max(500).default(30),
    MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(100).default(20),
    MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(5_000),
    /** Requests per minute per signed-in user (or per IP when anonymous): a token bucket of this size refilled per minute. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Requests per minute per partner API key (a token bucket), and the separate, smaller budget of its mutations. */
    API_KEY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    API_KEY_MUTATION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** After Redis fails, the limits are kept in this process (fail open, local limit) and Redis retried after this long. */
    RATE_LIMIT_REDIS_RETRY_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /**
     * How long a partner API key, once looked up at users, is trusted without asking again (a revoked key is refused
     * within a revocation poll all the same); an unknown key is remembered for a fifth of it.
     */
    API_KEY_CACHE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /** How often the uses of API keys are reported to users (the audit log's ApiKeyUsed events). */
    API_KEY_USAGE_FLUSH_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
    /** The build's trusted documents (`npm run trusted-documents`). */
    TRUSTED_DOCUMENTS_PATH: z.string().default(path.join(repoRoot, 'schema', 'trusted-documents.json')),
    /** Trusted-documents mode: only registered documents run. On for API keys; for people's sessions (and anonymous) when set. */
    TRUSTED_DOCUMENTS_FOR_API_KEYS: env.bool.default(true),
    TRUSTED_DOCUMENTS_FOR_SESSIONS: env.bool.default(false),
    RATE_LIMIT_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('paygraph:rl'),
    /** Prefix of the real-time pub/sub channels (Redis with REDIS_URL, in process without); notifications uses the same. */
    REALTIME_CHANNEL_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('paygraph:rt:'),
    /** graphql-ws on /graphql: largest message, connectionParams, subscriptions per connection, keep-alive ping. */
    WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(65_536),
    WS_MAX_CONNECTION_PARAMS_BYTES: z.coerce.number().int().min(256).max(65_536).default(4_096),
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(100),
    WS_KEEPALIVE_MS: z.coerce.number().int().min(0).max(300_000).default(12_000),
    WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** A subscriber with more events waiting than this (or a send buffer over WS_MAX_BUFFERED_BYTES) is disconnected (1013). */
    WS_MAX_QUEUED_EVENTS: z.coerce.number().int().min(1).max(100_000).default(256),
    WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(1_048_576),
    /**
     * Who executes query plans of queries and mutations: Paygraph's executor (`paygraph`), or @apollo/gateway's
     * (`apollo`), kept to compare with and as a fallback. Both use @apollo/gateway's planner.
     */
    GATEWAY_EXECUTOR: z.enum(['paygraph', 'apollo']).default('paygraph'),
    /** Trust the first X-Forwarded-For hop (behind a load balancer / ingress). */
    TRUST_PROXY: env.bool.default(false),
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
