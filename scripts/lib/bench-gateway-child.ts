/**
 * One process of `npm run bench:gateway`: the four subgraphs, or one gateway under test. Started by
 * scripts/bench-gateway.ts with the kind as argument and its settings in the environment; prints one line
 * `READY <json>` when it answers, and exits when its parent closes its stdin (or after BENCH_CHILD_MAX_SECONDS).
 *   subgraphs         the four static subgraphs (scripts/lib/bench-gateway-subgraphs.ts)
 *   paygraph          Paygraph's gateway (gateway/src/server.ts) as deployed: authentication, limits, identity
 *                     signing; GATEWAY_EXECUTOR picks the executor. Needs SUPERGRAPH_PATH, JWKS_URL, …
 *   apollo            stock @apollo/server + @apollo/gateway, nothing added (SUPERGRAPH_PATH)
 *   hive              @graphql-hive/gateway's runtime with its defaults, logging off (SUPERGRAPH_PATH)
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const kind = process.argv[2];
const maxSeconds = Number(process.env.BENCH_CHILD_MAX_SECONDS ?? 900);
const stops: (() => Promise<unknown>)[] = [];
const stop = async (code: number) => {
  for (const s of stops.reverse()) await s().catch(() => undefined);
  process.exit(code);
};
process.stdin.on('end', () => void stop(0));
process.stdin.resume();
setTimeout(() => void stop(2), maxSeconds * 1000).unref();

const ready = (info: Record<string, unknown>) => process.stdout.write(`READY ${JSON.stringify(info)}\n`);
const listen = async (server: http.Server) => {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stops.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
};

if (kind === 'subgraphs') {
  const { startBenchSubgraphs } = await import('./bench-gateway-subgraphs.js');
  const subgraphs = await startBenchSubgraphs();
  stops.push(() => subgraphs.close());
  ready({ urls: subgraphs.urls });
} else if (kind === 'paygraph') {
  const { parseConfig } = await import('@paygraph/platform/config');
  const { createLogger } = await import('@paygraph/platform/logger');
  const { gatewayConfigSchema } = await import('../../gateway/src/config.js');
  const { start } = await import('../../gateway/src/server.js');
  const config = parseConfig(gatewayConfigSchema, { ...process.env, GATEWAY_PORT: '0', HOST: '127.0.0.1' });
  const gateway = await start(config, createLogger('gateway', config.LOG_LEVEL));
  stops.push(() => gateway.stop());
  ready({ url: gateway.url });
} else if (kind === 'apollo') {
  const { ApolloServer } = await import('@apollo/server');
  const { ApolloGateway } = await import('@apollo/gateway');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8') }), stopOnTerminationSignals: false });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  stops.push(() => server.stop());
  ready({ url });
} else if (kind === 'hive') {
  // Imported by a computed name: its types augment graphql-js's error extensions for the whole program (yoga's
  // `http.headers` as a record), which would retype the gateway's own errors.
  const hive = '@graphql-hive/gateway';
  const { createGatewayRuntime } = (await import(hive)) as {
    createGatewayRuntime: (config: { supergraph: string; logging: boolean }) => http.RequestListener & { dispose(): unknown };
  };
  const runtime = createGatewayRuntime({ supergraph: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8'), logging: false });
  stops.push(async () => runtime.dispose());
  const url = await listen(http.createServer(runtime));
  ready({ url });
} else {
  process.stderr.write(`unknown kind ${kind}\n`);
  await stop(1);
}
