import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootStack, type TestStack } from '../../test/support/stack.js';

let t: TestStack;
beforeAll(async () => {
  t = await bootStack({ RATE_LIMIT_PER_MINUTE: '5' });
});
afterAll(async () => {
  await t?.stop();
});

describe('when one caller sends more requests a minute than the limit', () => {
  it('then the excess is refused with 429, RATE_LIMITED and Retry-After, and nothing runs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.gql('{ __typename }')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const res = await fetch(t.stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
  });
});
