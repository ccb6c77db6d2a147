import type { SessionResolvers } from '../__generated__/resolvers-types.js';

export const Session: SessionResolvers = {
  createdAt: (session) => session.createdAt.toISOString(),
  lastUsedAt: (session) => session.lastUsedAt.toISOString(),
  expiresAt: (session) => session.expiresAt.toISOString(),
};
