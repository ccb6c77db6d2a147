import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { Redis } from 'ioredis';
import { Backbone } from '@paygraph/platform/events';
import { sendJson } from '@paygraph/platform/http';
import { IdentityVerifier, TRUSTED_CALLERS } from '@paygraph/platform/identity';
import { createLogger, type Logger } from '@paygraph/platform/logger';
import { createRateLimiter, type RateLimiter } from '@paygraph/platform/rate-limit';
import { startSubgraph, type RunningService } from '@paygraph/platform/server';
import type { UsersConfig } from './config.js';
import { createLoaders, type UsersContext, type UsersServices } from './context.js';
import { openUsersDatabase } from './database.js';
import { resolvers } from './resolvers/index.js';
import { AuthService } from './services/auth.service.js';
import { PasswordService } from './services/password.service.js';
import { TokenService, type TokenSettings } from './services/token.service.js';
import { UserService } from './services/user.service.js';

export const JWKS_PATH = '/.well-known/jwks.json';

const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export function tokenSettings(config: UsersConfig): TokenSettings {
  return {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    publishDelaySeconds: config.SIGNING_KEY_PUBLISH_DELAY_SECONDS,
    keyRefreshSeconds: config.SIGNING_KEY_REFRESH_SECONDS,
  };
}

export interface UsersDeps {
  logger?: Logger;
  /** Replaces the limiter built from REDIS_URL (tests, or a host process sharing one). */
  rateLimiter?: RateLimiter;
}

export async function start(config: UsersConfig, deps: UsersDeps = {}): Promise<RunningService & { jwksUrl: string }> {
  const logger = deps.logger ?? createLogger('users', config.LOG_LEVEL);
  const orm = await openUsersDatabase(config, logger);
  const redis = config.REDIS_URL && !deps.rateLimiter ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1000 }) : undefined;
  const backbone = new Backbone(config, 'users', logger);
  const resources = [
    { name: 'database', close: () => orm.close() },
    ...(redis ? [{ name: 'redis', close: () => redis.quit().then(() => undefined, () => redis.disconnect()) }] : []),
    { name: 'sqs', close: () => backbone.close() },
  ];

  try {
    const limiter = deps.rateLimiter ?? createRateLimiter(redis, config.RATE_LIMIT_PREFIX);
    const tokens = new TokenService(orm, tokenSettings(config));
    await tokens.init();
    const services: UsersServices = {
      tokens,
      users: new UserService(orm),
      auth: new AuthService(
        orm,
        new PasswordService(config.PASSWORD_SCRYPT_LOG_N),
        tokens,
        limiter,
        {
          adminEmails: config.ADMIN_EMAILS,
          registerPerIp: { max: config.REGISTER_MAX_PER_IP, windowSeconds: config.REGISTER_WINDOW_SECONDS },
          loginPerAccount: { max: config.LOGIN_MAX_PER_ACCOUNT, windowSeconds: config.LOGIN_WINDOW_SECONDS },
          loginPerIp: { max: config.LOGIN_MAX_PER_IP, windowSeconds: config.LOGIN_WINDOW_SECONDS },
          refreshPerIp: { max: config.REFRESH_MAX_PER_IP, windowSeconds: config.REFRESH_WINDOW_SECONDS },
        },
        logger,
      ),
    };

    const running = await startSubgraph<UsersContext>({
      name: 'users',
      typeDefs,
      resolvers: resolvers as never,
      host: config.HOST,
      port: config.USERS_PORT,
      logger,
      verifier: new IdentityVerifier(config.INTERNAL_AUTH_SECRET, TRUSTED_CALLERS),
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services), signedInAs: null };
      },
      routes: {
        [JWKS_PATH]: async (req, res) => {
          if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
          // Short cache: a rotated-in key must reach verifiers well within the publish delay.
          sendJson(res, 200, await tokens.jwks(), { 'cache-control': 'public, max-age=30' });
        },
      },
      workers: [backbone.relay(orm)],
      resources: [...(deps.rateLimiter ? [] : [{ name: 'rate-limiter', close: () => limiter.close() }]), ...resources],
    });
    const jwksUrl = new URL(JWKS_PATH, running.url).toString();
    return { name: running.name, url: running.url, port: running.port, stop: running.stop, jwksUrl };
  } catch (error) {
    for (const r of resources) await Promise.resolve(r.close()).catch(() => {});
    throw error;
  }
}
