import { z } from 'zod';
import type { MikroORM } from '@paygraph/platform/db';
import { internalCommand, type InternalCommand } from '@paygraph/platform/internal-commands';
import type { KycService } from './services/kyc.service.js';
import { internalLimits } from './services/limits.js';
import { Account } from './entities/account.entity.js';

/**
 * What accounts answers synchronously on the money path (internal-commands.ts): a sender's limits, asked by payments
 * for every payment before it accepts it. (The `_limits` query answers the same for GraphQL callers.)
 */
export function accountCommands(orm: MikroORM, kyc: KycService): Record<string, InternalCommand> {
  return {
    /**
     * For users, before it registers a partner application (issue 13), and payments, before it creates a merchant
     * checkout: the account if it is an ACTIVE BUSINESS account (of `userId` when given; an admin registering on an
     * owner's behalf passes none), else null.
     */
    businessAccount: internalCommand({
      callers: ['users', 'payments'],
      input: z.object({ accountId: z.string().regex(/^acc_[0-9a-f]{32}$/), userId: z.string().regex(/^usr_[0-9a-f]{32}$/).nullable() }),
      handle: async ({ accountId, userId }) => {
        const account = await orm.em.fork().findOne(Account, { id: accountId, type: 'BUSINESS', status: 'ACTIVE', ...(userId ? { userId } : {}) });
        return account ? { accountId: account.id, ownerId: account.userId, businessName: account.businessName } : null;
      },
    }),
    limits: internalCommand({
      callers: ['payments'],
      input: z.object({ userId: z.string().regex(/^usr_[0-9a-f]{32}$/) }),
      handle: async ({ userId }) => {
        return internalLimits(userId, await kyc.currentTier(userId));
      },
    }),
  };
}
