import http from 'node:http';
import type { JWK } from 'jose';

/**
 * What the gateway asks of the users subgraph besides GraphQL, played for gateway-only tests: the JWKS, and the
 * revocation list (ended sessions, changed roles), empty until a test adds to it.
 */
export interface FakeIssuer {
  handler: http.RequestListener;
  revokeSession(sessionId: string): void;
  changeRoles(userId: string, roles: string[]): void;
  /** While true, the revocation list answers 503 (users unreachable). */
  failing: boolean;
  /** Revocation polls received. */
  polls: number;
}

export function fakeIssuer(jwk: JWK): FakeIssuer {
  const sessions: { id: string; revokedAt: number }[] = [];
  const roles: { userId: string; roles: string[]; changedAt: number }[] = [];
  const issuer: FakeIssuer = {
    failing: false,
    polls: 0,
    revokeSession: (id) => sessions.push({ id, revokedAt: Date.now() }),
    changeRoles: (userId, list) => roles.push({ userId, roles: list, changedAt: Date.now() }),
    handler: (req, res) => {
      res.setHeader('content-type', 'application/json');
      const url = new URL(req.url ?? '/', 'http://issuer');
      if (url.pathname === '/_internal/revocations' && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          issuer.polls++;
          if (issuer.failing) return void res.writeHead(503).end('{}');
          const { since } = JSON.parse(body) as { since: number };
          res.end(JSON.stringify({
            result: {
              now: Date.now(),
              sessions: sessions.filter((s) => s.revokedAt > since),
              roles: roles.filter((r) => r.changedAt > since),
            },
          }));
        });
        return;
      }
      res.end(JSON.stringify({ keys: [jwk] }));
    },
  };
  return issuer;
}
