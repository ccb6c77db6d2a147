import DataLoader from 'dataloader';
import type { EntityManager } from '@paygraph/platform/db';
import type { BaseRequestContext } from '@paygraph/platform/server';
import type { AuthService } from './services/auth.service.js';
import type { SessionService } from './services/session.service.js';
import type { TokenService } from './services/token.service.js';
import type { UserService, UserView } from './services/user.service.js';
import type { PartnerService } from './services/partner.service.js';
import type { MailedTokenService } from './services/mailed-token.service.js';
import type { TotpService } from './services/totp.service.js';
import type { PrivacyService } from './services/privacy.service.js';

export interface UsersServices {
  auth: AuthService;
  users: UserService;
  tokens: TokenService;
  sessions: SessionService;
  partners: PartnerService;
  mailedTokens: MailedTokenService;
  totp: TotpService;
  privacy: PrivacyService;
}

export interface UsersLoaders {
  userById: DataLoader<string, UserView | null>;
}

export interface UsersContext extends BaseRequestContext {
  /** This request's own EntityManager. */
  em: EntityManager;
  loaders: UsersLoaders;
  services: UsersServices;
  /**
   * The user a register/login in this request just signed in. The request itself arrived anonymous, but the person
   * reading the payload is that user, so they see their own email and roles in it.
   */
  signedInAs: string | null;
}

export function createLoaders(services: UsersServices): UsersLoaders {
  return {
    userById: new DataLoader((ids) => services.users.findByIds(ids)),
  };
}
