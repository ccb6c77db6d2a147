import { LockMode } from '@mikro-orm/core';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import { ROLES, type Role } from '@paygraph/platform/identity';
import { Outbox } from '@paygraph/platform/events';
import { plainSql } from '@paygraph/platform/plain-sql';
import { coalesceReads } from '@paygraph/platform/coalesce';
import { RecoveryCode } from '../entities/recovery-code.entity.js';
import { Session } from '../entities/session.entity.js';
import { User } from '../entities/user.entity.js';
import { checkDisplayName, normalizeEmail } from './user-input.js';

/** What a User is to the graph: the fields its resolvers read (an entity is one too). */
export type UserView = Pick<
  User,
  'id' | 'email' | 'displayName' | 'roles' | 'rolesChangedAt' | 'emailVerifiedAt' | 'totpEnabledAt' | 'createdAt' | 'updatedAt'
>;

interface UserViewRow {
  id: string;
  email: string;
  display_name: string;
  /** The ORM's pool hands text[] back as its literal, and timestamps as text. */
  roles: string | string[];
  roles_changed_at: string | null;
  email_verified_at: string | null;
  totp_enabled_at: string | null;
  created_at: string;
  updated_at: string;
}

function toUserView(r: UserViewRow): UserView {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    roles: (Array.isArray(r.roles) ? r.roles : parseTextArray(r.roles)) as Role[],
    rolesChangedAt: r.roles_changed_at === null ? null : new Date(r.roles_changed_at),
    emailVerifiedAt: r.email_verified_at === null ? null : new Date(r.email_verified_at),
    totpEnabledAt: r.totp_enabled_at === null ? null : new Date(r.totp_enabled_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** A text[] literal of plain words (role names: no quotes, commas or braces in them), e.g. `{USER,ADMIN}`. */
function parseTextArray(literal: string): string[] {
  const inner = literal.slice(1, -1);
  return inner === '' ? [] : inner.split(',').map((v) => v.replace(/^"(.*)"$/, '$1'));
}

/** Profiles and roles. Reads take the caller's EntityManager (the request's fork); writes run in their own transaction. */
export class UserService {
  private readonly outbox = new Outbox('users');

  constructor(
    private readonly orm: MikroORM,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * In the order of `ids`; null where there is no such user (malformed ids included, they never reach SQL). Every
   * signed-in read and every entity fetch of a User comes here (the request's DataLoader), so it is one prepared
   * statement on the pool (PlainSql) rather than an ORM query built per call, and its rows are plain views rather
   * than entities (hydrating them into the request's EntityManager was most of a `me`'s work in users).
   */
  async findByIds(ids: readonly string[]): Promise<(UserView | null)[]> {
    const byId = await this.loadByIds(ids.filter((id) => isId('usr', id)));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The well-formed ids' rows, one statement for all the requests of an event-loop turn (platform/coalesce.ts). */
  private readonly loadByIds = coalesceReads(async (ids) => {
    const wellFormed = [...new Set(ids)];
    const rows = wellFormed.length > 0
      ? await plainSql(this.orm).query<UserViewRow>(
          'select id, email, display_name, roles, roles_changed_at, email_verified_at, totp_enabled_at, created_at, updated_at from users where id = any(?::text[])',
          [wellFormed],
        )
      : [];
    return new Map(rows.map((row) => [row.id, toUserView(row)]));
  });


  /** Case-insensitive, like login; null when nobody registered with it (or the input is not plausibly an email). */
  async findByEmail(em: EntityManager, email: string): Promise<User | null> {
    if (typeof email !== 'string' || email.length > 320) return null;
    return em.findOne(User, { emailNormalized: normalizeEmail(email), erasedAt: null });
  }

  /** The user money can be sent to: registered and not erased (docs/security.md, "Privacy requests"). */
  async findPayable(em: EntityManager, id: string): Promise<User | null> {
    if (!isId('usr', id)) return null;
    return em.findOne(User, { id, erasedAt: null });
  }

  async updateProfile(userId: string, input: { displayName: string }): Promise<{ user: User }> {
    const name = checkDisplayName(input.displayName, ['input', 'displayName']);
    if (!name.ok) throw errors.user(name.error.code, name.error.message, name.error.field ?? undefined);
    return inTransaction(this.orm, async (em) => {
      const user = await em.findOne(User, userId);
      if (!user) throw errors.unauthenticated('The signed-in user no longer exists');
      if (user.displayName !== name.value) {
        user.displayName = name.value;
        this.outbox.emit(em, 'UserProfileUpdated', user.id, {
          userId: user.id,
          displayName: user.displayName,
          updatedAt: this.now().toISOString(),
        });
      }
      return { user };
    });
  }

  /**
   * For operators (admin CLI). New access tokens carry the new roles; the gateways see the change within seconds
   * (they poll `rolesChangedAt`, see RevocationService) and apply it to the tokens already issued.
   */
  grantRole(email: string, role: string): Promise<{ user: User; changed: boolean }> {
    return this.changeRoles(email, role, (roles, r) => (roles.includes(r) ? roles : [...roles, r]));
  }

  revokeRole(email: string, role: string): Promise<{ user: User; changed: boolean }> {
    if (role === 'USER') return Promise.reject(errors.user('ROLE_REQUIRED', 'Every account holds USER', ['role']));
    return this.changeRoles(email, role, (roles, r) => roles.filter((x) => x !== r));
  }

  /**
   * Operator action for a user who lost their authenticator app and their recovery codes, once support has checked
   * who they are out of band (docs/security.md, "TOTP two-factor"): TOTP off, its secret and the recovery codes
   * deleted, every session ended (a session someone else holds must not outlive the reset), and TwoFactorChanged
   * (via OPERATOR_RESET) for the user's security notification and the audit trail. Nothing changes when TOTP is off.
   */
  async resetTwoFactor(email: string): Promise<{ user: User; changed: boolean; sessionsEnded: number }> {
    return inTransaction(this.orm, async (em) => {
      const found = await em.findOne(User, { emailNormalized: normalizeEmail(email), erasedAt: null });
      if (!found) throw errors.user('USER_NOT_FOUND', `No user with email ${email}`, ['email']);
      const user = await em.findOneOrFail(User, found.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!user.totpEnabledAt && !user.totpSecretSealed) return { user, changed: false, sessionsEnded: 0 };
      const now = this.now();
      const wasOn = user.totpEnabledAt !== null;
      user.totpEnabledAt = null;
      user.totpSecretSealed = null;
      user.totpLastStep = null;
      user.totpChangedAt = now;
      await em.nativeDelete(RecoveryCode, { user: user.id });
      const sessionsEnded = await em.nativeUpdate(
        Session,
        { user: user.id, revokedAt: null, expiresAt: { $gt: now } },
        { revokedAt: now, revokeReason: 'TWO_FACTOR_RESET' },
      );
      // A pending enrolment (never confirmed) is dropped quietly: sign-in never needed it, so nothing to tell.
      if (wasOn) {
        this.outbox.emit(em, 'TwoFactorChanged', user.id, { userId: user.id, method: 'TOTP', enabled: false, via: 'OPERATOR_RESET', ip: null, at: now.toISOString() });
      }
      return { user, changed: true, sessionsEnded };
    });
  }

  private async changeRoles(email: string, role: string, change: (roles: Role[], role: Role) => Role[]) {
    if (!(ROLES as readonly string[]).includes(role)) {
      throw errors.user('INVALID_ROLE', `Unknown role ${role}; one of ${ROLES.join(', ')}`, ['role']);
    }
    return inTransaction(this.orm, async (em) => {
      const user = await em.findOne(User, { emailNormalized: normalizeEmail(email) });
      if (!user) throw errors.user('USER_NOT_FOUND', `No user with email ${email}`, ['email']);
      const roles = change([...user.roles], role as Role);
      const changed = roles.length !== user.roles.length;
      if (changed) {
        user.roles = roles;
        user.rolesChangedAt = this.now();
        this.outbox.emit(em, 'UserRolesChanged', user.id, { userId: user.id, roles, changedAt: this.now().toISOString() });
      }
      return { user, changed };
    });
  }
}
