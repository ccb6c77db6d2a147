import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootUsers, codeOf, register, type UsersHarness } from './support.js';

/** `_userByEmail` and `_payableUser`: how payments finds a recipient, by email or by id. */
let h: UsersHarness;
beforeAll(async () => {
  h = await bootUsers();
});
afterAll(async () => {
  await h?.stop();
});

const BY_EMAIL = `query ($email: String!) { _userByEmail(email: $email) { id displayName email } }`;

describe('_userByEmail', () => {
  it('when another subgraph asks with the email in any case and spacing, then the user (no email shown to a service)', async () => {
    const { user } = await register(h, { displayName: 'Recipient' });
    const res = await h.call(BY_EMAIL, { email: `  ${user.email.toUpperCase()} ` }, { issuer: 'payments' });
    expect(res.errors).toBeUndefined();
    expect(res.data._userByEmail).toEqual({ id: user.id, displayName: 'Recipient', email: null });
  });

  it('when nobody has the email, then null', async () => {
    const res = await h.call(BY_EMAIL, { email: 'nobody.here@example.com' }, { issuer: 'payments' });
    expect(res.errors).toBeUndefined();
    expect(res.data._userByEmail).toBeNull();
  });

  it('when a client asks through the gateway, then FORBIDDEN, even an admin', async () => {
    const { user } = await register(h);
    for (const roles of [['USER'], ['USER', 'ADMIN']] as const) {
      const res = await h.call(BY_EMAIL, { email: user.email }, { userId: user.id, roles: [...roles] });
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.data?._userByEmail ?? null).toBeNull();
    }
  });
});

const PAYABLE = `query ($id: ID!) { _payableUser(id: $id) { id displayName } }`;

describe('_payableUser', () => {
  it('when another subgraph asks for a registered user, then the user; for an unknown or malformed id, null', async () => {
    const { user } = await register(h, { displayName: 'Payee' });
    expect((await h.call(PAYABLE, { id: user.id }, { issuer: 'payments' })).data._payableUser).toEqual({ id: user.id, displayName: 'Payee' });
    for (const id of ['usr_00000000000000000000000000', 'not-an-id', '']) {
      const res = await h.call(PAYABLE, { id }, { issuer: 'payments' });
      expect(res.errors).toBeUndefined();
      expect(res.data._payableUser).toBeNull();
    }
  });

  it('when the user was erased, then null by id and by their old or placeholder email, while the user still resolves for display', async () => {
    const { user } = await register(h, { displayName: 'Gone' });
    const placeholder = `erased.${user.id.slice(4)}@erased.invalid`;
    await h.sql(`update users set erased_at = now(), email = $2, email_normalized = $2, display_name = 'Erased user' where id = $1`, [user.id, placeholder]);
    expect((await h.call(PAYABLE, { id: user.id }, { issuer: 'payments' })).data._payableUser).toBeNull();
    for (const email of [user.email, placeholder]) expect((await h.call(BY_EMAIL, { email }, { issuer: 'payments' })).data._userByEmail).toBeNull();
    const entity = await h.call(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id displayName } } }`, {
      reps: [{ __typename: 'User', id: user.id }],
    }, { issuer: 'payments' });
    expect(entity.data._entities).toEqual([{ id: user.id, displayName: 'Erased user' }]);
  });

  it('when a client asks, then FORBIDDEN, even an admin', async () => {
    const { user } = await register(h);
    for (const roles of [['USER'], ['USER', 'ADMIN']] as const) {
      const res = await h.call(PAYABLE, { id: user.id }, { userId: user.id, roles: [...roles] });
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.data?._payableUser ?? null).toBeNull();
    }
  });
});
