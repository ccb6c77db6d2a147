import { Redis } from 'ioredis';
import { sendJson } from '@paygraph/platform/http';
import type { Logger } from '@paygraph/platform/logger';
import { createRateLimiter, type RateLimiter } from '@paygraph/platform/rate-limit';
import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import type { UsersConfig } from './config.js';
import { usersCommands } from './commands.js';
import { createLoaders, type UsersContext, type UsersServices } from './context.js';
import { entities, migrations } from './database.js';
import { resolvers } from './resolvers/index.js';
import { AuthService } from './services/auth.service.js';
import { PasswordService } from './services/password.service.js';
import { RevocationService } from './services/revocation.service.js';
import { SessionService } from './services/session.service.js';
import { TokenService, type TokenSettings } from './services/token.service.js';
import { UserService } from './services/user.service.js';
import { PartnerService } from './services/partner.service.js';
import { MailedTokenService } from './services/mailed-token.service.js';
import { TotpService, totpSecretBox } from './services/totp.service.js';
import { PrivacyService, type WalletFunds } from './services/privacy.service.js';
import { privacyAnswerHandlers } from './events/privacy-answer.consumer.js';
import { identityMailBox } from '@paygraph/platform/sealed-box';
import { IdentitySigner } from '@paygraph/platform/identity';
import { InternalClient } from '@paygraph/platform/internal-client';

export const JWKS_PATH = '/.well-known/jwks.json';

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
  const runtime = await openSubgraphRuntime({
    name: 'users',
    config,
    entities,
    migrations,
    schemaUrl: new URL('../schema.graphql', import.meta.url),
    logger: deps.logger,
  });
  const { orm, backbone, logger } = runtime;
  const redis = config.REDIS_URL && !deps.rateLimiter ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1000 }) : undefined;
  if (redis) runtime.own({ name: 'redis', close: () => redis.quit().then(() => undefined, () => redis.disconnect()) });

  const running = await serveSubgraph<UsersContext>(runtime, async () => {
    const limiter = deps.rateLimiter ?? createRateLimiter(redis, config.RATE_LIMIT_PREFIX);
    const tokens = new TokenService(orm, tokenSettings(config));
    await tokens.init();
    const signer = new IdentitySigner(config.INTERNAL_AUTH_SECRET, 'users');
    const peer = (target: string, url: string) => new InternalClient({ target, url, signer, logger });
    const accounts = peer('accounts', config.ACCOUNTS_URL);
    const partners = new PartnerService(
      orm,
      { find: (accountId, ownerId) => accounts.command('businessAccount', { accountId, userId: ownerId }) },
      { environment: config.NODE_ENV === 'production' ? 'live' : 'test' },
    );
    const revocations = new RevocationService(orm, partners);
    const passwords = new PasswordService(config.PASSWORD_SCRYPT_LOG_N);
    const wallets = peer('wallets', config.WALLETS_URL);
    const privacy = new PrivacyService(
      orm,
      passwords,
      { of: async (userId) => (await wallets.command<{ wallets: WalletFunds[] }>('funds', { userId })).wallets },
      limiter,
      { erasurePerUser: { max: config.PRIVACY_ERASURE_MAX_PER_USER, windowSeconds: config.PRIVACY_ERASURE_WINDOW_SECONDS } },
      logger,
    );
    const consumer = await backbone.consumer(orm, privacyAnswerHandlers(privacy));
    const window = config.IDENTITY_MAIL_WINDOW_SECONDS;
    const mailedTokens = new MailedTokenService(
      orm,
      passwords,
      limiter,
      identityMailBox(config.INTERNAL_AUTH_SECRET),
      {
        verificationTtlSeconds: config.EMAIL_VERIFICATION_TTL_SECONDS,
        resetTtlSeconds: config.PASSWORD_RESET_TTL_SECONDS,
        linkBaseUrl: config.IDENTITY_LINK_BASE_URL,
        verificationPerUser: { max: config.EMAIL_VERIFICATION_MAX_PER_USER, windowSeconds: window },
        resetPerEmail: { max: config.PASSWORD_RESET_MAX_PER_EMAIL, windowSeconds: window },
        resetPerIp: { max: config.PASSWORD_RESET_MAX_PER_IP, windowSeconds: window },
      },
      logger,
    );
    const totp = new TotpService(
      orm,
      totpSecretBox(config.INTERNAL_AUTH_SECRET),
      limiter,
      {
        issuer: config.TOTP_ISSUER,
        attemptsPerUser: { max: config.TOTP_MAX_ATTEMPTS_PER_USER, windowSeconds: config.TOTP_WINDOW_SECONDS },
      },
      logger,
    );
    const services: UsersServices = {
      totp,
      privacy,
      tokens,
      users: new UserService(orm),
      sessions: new SessionService(orm),
      partners,
      mailedTokens,
      auth: new AuthService(
        orm,
        passwords,
        tokens,
        limiter,
        {
          registerPerIp: { max: config.REGISTER_MAX_PER_IP, windowSeconds: config.REGISTER_WINDOW_SECONDS },
          loginPerAccountAndIp: { max: config.LOGIN_MAX_PER_ACCOUNT_IP, windowSeconds: config.LOGIN_WINDOW_SECONDS },
          loginPerAccount: { max: config.LOGIN_MAX_PER_ACCOUNT, windowSeconds: config.LOGIN_WINDOW_SECONDS },
          loginPerIp: { max: config.LOGIN_MAX_PER_IP, windowSeconds: config.LOGIN_WINDOW_SECONDS },
          refreshPerIp: { max: config.REFRESH_MAX_PER_IP, windowSeconds: config.REFRESH_WINDOW_SECONDS },
        },
        logger,
        mailedTokens,
        totp,
      ),
    };

    return {
      resolvers,
      port: config.USERS_PORT,
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(services), signedInAs: null };
      },
      routes: {
        [JWKS_PATH]: async (req, res) => {
          if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
          // Short cache: a rotated-in key must reach verifiers well within the publish delay.
          sendJson(res, 200, await tokens.jwks(), { 'cache-control': 'public, max-age=30' });
        },
      },
      commands: usersCommands(revocations, partners),
      workers: [backbone.relay(orm), consumer],
      resources: deps.rateLimiter ? [] : [{ name: 'rate-limiter', close: () => limiter.close() }],
    };
  });
  const jwksUrl = new URL(JWKS_PATH, running.url).toString();
  return { name: running.name, url: running.url, port: running.port, stop: running.stop, jwksUrl };
}
