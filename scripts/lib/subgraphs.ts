/**
 * The subgraph table: every subgraph's name and local port, in one place. The supergraph's `join__Graph` URLs
 * (`npm run compose`), the gateway and the embedded runner all read it, so a port is never spelled twice.
 *
 * Import-safe on purpose: no imports, no side effects, nothing read from the environment.
 */
export const subgraphPorts = {
  users: 4001,
  accounts: 4002,
  payments: 4003,
  transactions: 4004,
  wallets: 4005,
  fraud: 4006,
  notifications: 4007,
  audit: 4008,
} as const;

export type SubgraphName = keyof typeof subgraphPorts;

/** In table order; composition uses this order so the supergraph does not depend on directory listing order. */
export const subgraphNames = Object.keys(subgraphPorts) as SubgraphName[];

export const gatewayPort = 4000;

export function isSubgraphName(name: string): name is SubgraphName {
  return Object.hasOwn(subgraphPorts, name);
}

/** The URL a subgraph serves GraphQL at; the supergraph records it with host `localhost`. */
export function subgraphUrl(name: SubgraphName, host = 'localhost'): string {
  return `http://${host}:${subgraphPorts[name]}/graphql`;
}
