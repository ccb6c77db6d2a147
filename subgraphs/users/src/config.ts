import { baseSchema, env, z } from '@paygraph/platform/config';

const seconds = (fallback: number, max?: number) => {
  const n = z.coerce.number().int().min(1);
  return (max === undefined ? n : n.max(max)).default(fallback);
};
const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

export const usersConfigSchema = baseSchema.extend({
  USERS_PORT: env.port(4001),
  /** Accounts, asked whether an account is an active business account before a partner application is registered. */
  ACCOUNTS_URL: env.url().default('http://127.0.0.1:4002/graphql'),
  /** Wallets, asked before an account erasure whether the user still holds money (internal command `funds`). */
  WALLETS_URL: env.url().default('http://127.0.0.1:4005/graphql'),
  JWT_ISSUER: z.string().min(1).default('https://paygraph.local/users'),
  JWT_AUDIENCE: z.string().min(1).default('paygraph'),
  /** Kept short: a token is a bearer credential until exp; only the gateways' revocation list ends one earlier. */
  ACCESS_TOKEN_TTL_SECONDS: seconds(900, 900),
  /** Sliding: each rotation issues a token valid this long; an unused session ends after it. */
  REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 3600, 365 * 24 * 3600),
  /**
   * Removed (issue 13): it gave ADMIN to whoever registered a listed address first, unverified. Refused when set, so
   * that nobody relies on it unknowingly; operators are made with `npm run admin -- grant-role <email> ADMIN`.
   */
  ADMIN_EMAILS: z
    .string()
    .max(0, 'ADMIN_EMAILS was removed: grant roles with `npm run admin -- grant-role <email> ADMIN`')
    .optional(),
  /** scrypt cost as log2(N): 15 in production (~32 MiB, tens of ms); tests lower it. */
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
  /**
   * A rotated-in key is published in the JWKS this long before it signs anything, so verifiers that cached the JWKS
   * (the gateway refetches on an unknown kid at most every 30 s) know it before the first token signed with it.
   */
  SIGNING_KEY_PUBLISH_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** How often a replica re-reads the signing keys (another replica or the admin CLI may have rotated). */
  SIGNING_KEY_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),

  /** Throttling (fixed windows in Redis, or memory without REDIS_URL). */
  RATE_LIMIT_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('paygraph:users:rl'),
  REGISTER_MAX_PER_IP: count(20),
  REGISTER_WINDOW_SECONDS: seconds(3600),
  /** Login attempts on one account (email) from one IP; a successful login there clears the count. */
  LOGIN_MAX_PER_ACCOUNT_IP: count(10),
  /**
   * Login attempts on one account from all the IPs it has not signed in from (within 90 days) together. When they
   * are spent only the account's known IPs may try, so a guesser cannot lock the owner out of their own devices.
   */
  LOGIN_MAX_PER_ACCOUNT: count(20),
  /** Login attempts per client IP, whatever the account. */
  LOGIN_MAX_PER_IP: count(100),
  LOGIN_WINDOW_SECONDS: seconds(900),
  REFRESH_MAX_PER_IP: count(300),
  REFRESH_WINDOW_SECONDS: seconds(900),

  /** Tokens mailed to users (docs/security.md): how long a link works, and where it points (the console's pages). */
  EMAIL_VERIFICATION_TTL_SECONDS: seconds(24 * 3600, 7 * 24 * 3600),
  PASSWORD_RESET_TTL_SECONDS: seconds(1800, 3600),
  IDENTITY_LINK_BASE_URL: env.url().default('http://127.0.0.1:4100'),
  /** requestEmailVerification per user (RATE_LIMITED over it). */
  EMAIL_VERIFICATION_MAX_PER_USER: count(5),
  /** requestPasswordReset per address: over it the answer is still ok, and nothing is sent. */
  PASSWORD_RESET_MAX_PER_EMAIL: count(3),
  /** requestPasswordReset and resetPassword per client IP (RATE_LIMITED over it). */
  PASSWORD_RESET_MAX_PER_IP: count(30),
  IDENTITY_MAIL_WINDOW_SECONDS: seconds(3600),

  /** TOTP two-factor (docs/security.md): the issuer authenticator apps show, and attempts per user on its mutations. */
  TOTP_ISSUER: z.string().min(1).max(64).default('Paygraph'),
  TOTP_MAX_ATTEMPTS_PER_USER: count(10),
  TOTP_WINDOW_SECONDS: seconds(900),

  /** requestAccountErasure attempts per user (a wrong password counts) per window (RATE_LIMITED over it). */
  PRIVACY_ERASURE_MAX_PER_USER: count(5),
  PRIVACY_ERASURE_WINDOW_SECONDS: seconds(3600),
});

export type UsersConfig = z.infer<typeof usersConfigSchema>;
