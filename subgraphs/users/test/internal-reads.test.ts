import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootUsers, codeOf, register, type UsersHarness } from './support.js';

/** `_userByEmail`: how payments finds a recipient by email. */
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
