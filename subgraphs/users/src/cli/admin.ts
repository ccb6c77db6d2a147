/**
 * Operator commands against the users database, with the service's own configuration (same env as the service):
 *   admin grant-role <email> <ROLE>     ROLE: USER | ADMIN | COMPLIANCE
 *   admin revoke-role <email> <ROLE>
 *   admin rotate-keys                   new access-token signing key; the old one stays in the JWKS until retired
 *   admin reset-two-factor <email>      TOTP off for a user who lost their authenticator and recovery codes (after
 *                                       checking who they are out of band); ends every session, notifies the user
 * Exit codes: 0 done (also when nothing had to change), 1 refused (unknown user or role) or failed, 2 usage.
 */
import { pathToFileURL } from 'node:url';
import { parseConfig, ConfigError, z, type Env, readEnv } from '@paygraph/platform/config';
import { AppError } from '@paygraph/platform/errors';
import { usersConfigSchema, type UsersConfig } from '../config.js';
import { openUsersDatabase } from '../database.js';
import { TokenService } from '../services/token.service.js';
import { UserService } from '../services/user.service.js';
import { tokenSettings } from '../server.js';

const USAGE = `usage:
  admin grant-role <email> <ROLE>
  admin revoke-role <email> <ROLE>
  admin rotate-keys
  admin reset-two-factor <email>`;

/** The CLI signs no service identity, so it runs without INTERNAL_AUTH_SECRET. */
const cliConfigSchema = usersConfigSchema.extend({ INTERNAL_AUTH_SECRET: z.string().default('') });

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function runAdmin(args: readonly string[], config: UsersConfig, io: Io): Promise<number> {
  const [command, ...rest] = args;
  const known =
    ((command === 'grant-role' || command === 'revoke-role') && rest.length === 2) ||
    (command === 'rotate-keys' && rest.length === 0) ||
    (command === 'reset-two-factor' && rest.length === 1);
  if (!known) {
    io.err(USAGE);
    return 2;
  }
  const orm = await openUsersDatabase(config);
  try {
    if (command === 'rotate-keys') {
      const rotation = await new TokenService(orm, tokenSettings(config)).rotateSigningKey();
      io.out(`new signing key ${rotation.kid}: published now, signs from ${rotation.activatesAt.toISOString()}`);
      for (const r of rotation.retiring) io.out(`key ${r.kid}: stays in the JWKS until ${r.retiredAt.toISOString()}`);
      return 0;
    }
    const users = new UserService(orm);
    if (command === 'reset-two-factor') {
      const { user, changed, sessionsEnded } = await users.resetTwoFactor(rest[0]!);
      io.out(changed ? `${user.id} <${user.email}>: two-factor sign-in off, ${sessionsEnded} session(s) ended` : `${user.id} <${user.email}>: two-factor sign-in was off (unchanged)`);
      return 0;
    }
    const [email, role] = rest as [string, string];
    const { user, changed } = command === 'grant-role' ? await users.grantRole(email, role) : await users.revokeRole(email, role);
    io.out(`${user.id} <${user.email}> roles: ${user.roles.join(', ')}${changed ? '' : ' (unchanged)'}`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      io.err(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await orm.close();
  }
}

async function main(env: Env): Promise<number> {
  let config: UsersConfig;
  try {
    config = parseConfig(cliConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const io: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  try {
    return await runAdmin(process.argv.slice(2), config, io);
  } catch (error) {
    io.err(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(readEnv());
}
