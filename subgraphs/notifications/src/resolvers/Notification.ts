import type { NotificationResolvers } from '../__generated__/resolvers-types.js';
import { visibleNotification } from '../services/authorization.js';
import { encodeCursor } from '../services/cursor.js';

export const Notification: NotificationResolvers = {
  __resolveReference: async (ref, ctx) => visibleNotification(ctx.identity, await ctx.loaders.notificationById.load(ref.id)),
  cursor: (n) => encodeCursor(n.seq),
  readAt: (n) => n.readAt?.toISOString() ?? null,
  createdAt: (n) => n.createdAt.toISOString(),
  payment: (n) => (n.paymentId ? { id: n.paymentId } : null),
  wallet: (n) => (n.walletId ? { id: n.walletId } : null),
};
