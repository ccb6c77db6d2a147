import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { userErrorsOr, type UserError } from '@paygraph/platform/errors';
import { requireUser } from '@paygraph/platform/identity';

type Payload<K extends string, V> = { [P in K]: V | null } & { userErrors: UserError[] };

/** userErrorsOr, shaped as the generated payload types want it: the result field is null when userErrors are set. */
async function payload<K extends string, V>(field: K, fn: () => Promise<V>): Promise<Payload<K, V>> {
  const result = await userErrorsOr(async () => ({ value: await fn() }));
  const shaped = 'value' in result ? { [field]: result.value, userErrors: [] } : { [field]: null, userErrors: result.userErrors };
  return shaped as Payload<K, V>;
}

export const Mutation: MutationResolvers = {
  sendMoney: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('payment', () => ctx.services.payments.sendMoney(userId, input));
  },
  addFunds: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('payment', () => ctx.services.payments.addFunds(userId, input));
  },
  convertCurrency: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('payment', () => ctx.services.payments.convertCurrency(userId, input));
  },
};
