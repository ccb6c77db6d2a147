import { payload, userErrorsOr } from '@paygraph/platform/errors';
import { requireUser } from '@paygraph/platform/identity';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  markNotificationsRead: async (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    const result = await userErrorsOr(async () => ({ count: await ctx.services.notifications.markRead(ctx.em, userId, input) }));
    return 'count' in result ? { count: result.count, userErrors: [] } : { count: 0, userErrors: result.userErrors };
  },
  updateNotificationPreferences: async (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('preference', () => ctx.services.preferences.update(ctx.em, userId, input));
  },
};
