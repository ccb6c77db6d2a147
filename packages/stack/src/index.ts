import { parseConfig, type Env } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { nameSpansAfterTheirService } from '@paygraph/platform/tracing';
import type { RunningService } from '@paygraph/platform/server';
import { gatewayConfigSchema } from '../../../gateway/src/config.js';
import { start as startGateway, type RunningGateway } from '../../../gateway/src/server.js';
import { subgraphs } from './services.js';

export interface Stack {
  gatewayUrl: string;
  gateway: RunningGateway;
  services: Record<string, RunningService>;
  stop(): Promise<void>;
}

export interface StackOptions {
  env: Env;
  /** `fixed`: the default ports (4000, 4001, …) unless the env sets them; `random`: OS-assigned (tests). */
  ports?: 'fixed' | 'random';
  /** Subgraphs already running elsewhere (another process), by name → GraphQL URL: not started here. */
  external?: Record<string, string>;
}

/**
 * Boots every subgraph and then the gateway in this process, each on its own port, and resolves once all of them
 * (migrations applied, consumers polling) are ready. The gateway learns the subgraphs' actual URLs from
 * SUBGRAPH_URLS, so the same supergraph file serves any port layout.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const random = opts.ports === 'random';
  // One process, many services: each one's SQL, Redis and outgoing HTTP spans are named after it (tracing.ts).
  nameSpansAfterTheirService();
  const services: Record<string, RunningService> = {};
  const stopAll = async () => {
    for (const svc of Object.values(services).reverse()) await svc.stop();
  };
  try {
    // Subgraphs start in dependency order; each later one learns the earlier ones' URLs (USERS_URL, …) for its
    // internal reads, so any port layout works.
    const urls: Record<string, string> = {};
    for (const [name, url] of Object.entries(opts.external ?? {})) urls[`${name.toUpperCase()}_URL`] = url;
    for (const entry of subgraphs) {
      if (opts.external?.[entry.name]) continue;
      const env = {
        ...opts.env,
        ...urls,
        [entry.portVariable]: random ? '0' : (opts.env[entry.portVariable] ?? String(entry.port)),
      };
      const config = parseConfig(entry.configSchema, env);
      const service = await entry.start(config as never);
      services[entry.name] = service;
      urls[`${entry.name.toUpperCase()}_URL`] = service.url;
    }
    const usersBase = new URL(services.users?.url ?? opts.external?.users ?? 'http://127.0.0.1:4001/graphql');
    const gatewayConfig = parseConfig(gatewayConfigSchema, {
      ...opts.env,
      GATEWAY_PORT: random ? '0' : (opts.env.GATEWAY_PORT ?? '4000'),
      JWKS_URL: opts.env.JWKS_URL ?? `${usersBase.origin}/.well-known/jwks.json`,
      SUBGRAPH_URLS: [
        ...Object.values(services).map((s) => `${s.name}=${s.url}`),
        ...Object.entries(opts.external ?? {}).map(([name, url]) => `${name}=${url}`),
      ].join(','),
    });
    const gateway = await startGateway(gatewayConfig, createLogger('gateway', gatewayConfig.LOG_LEVEL));
    return {
      gatewayUrl: gateway.url,
      gateway,
      services,
      stop: async () => {
        await gateway.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}
