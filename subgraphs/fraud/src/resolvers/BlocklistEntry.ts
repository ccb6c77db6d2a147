import type { BlocklistEntryResolvers } from '../__generated__/resolvers-types.js';

export const BlocklistEntry: BlocklistEntryResolvers = {
  createdBy: (e) => ({ id: e.createdBy }),
  createdAt: (e) => e.createdAt.toISOString(),
};
