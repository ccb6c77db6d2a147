import { z } from 'zod';
import { internalCommand, type InternalCommand } from '@paygraph/platform/internal-commands';
import type { RevocationService } from './services/revocation.service.js';

/** What users answers synchronously for other services (internal-commands.ts). */
export function usersCommands(revocations: RevocationService): Record<string, InternalCommand> {
  return {
    /** The gateways' revocation list: sessions ended and roles changed since `since` (ms since the epoch). */
    revocations: internalCommand({
      callers: ['gateway'],
      input: z.object({ since: z.number().int().min(0) }),
      handle: ({ since }) => revocations.since(since),
    }),
  };
}
