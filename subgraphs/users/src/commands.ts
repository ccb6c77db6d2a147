import { z } from 'zod';
import { internalCommand, type InternalCommand } from '@paygraph/platform/internal-commands';
import type { RevocationService } from './services/revocation.service.js';
import type { PartnerService } from './services/partner.service.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const use = z.object({
  at: z.iso.datetime({ offset: true }),
  requestId: z.string().max(128),
  operationName: z.string().max(128).nullable(),
  operationType: z.enum(['query', 'mutation', 'subscription']).nullable(),
  documentHash: sha256.nullable(),
  ip: z.string().max(64).nullable(),
  status: z.number().int().min(100).max(599),
});

/** What users answers synchronously for other services (internal-commands.ts). */
export function usersCommands(revocations: RevocationService, partners: PartnerService): Record<string, InternalCommand> {
  return {
    /** The gateway, on a cache miss: the partner API key whose secret has this SHA-256, or null (unknown or ended). */
    apiKey: internalCommand({
      callers: ['gateway'],
      input: z.object({ secretHash: sha256 }),
      handle: ({ secretHash }) => partners.grantFor(secretHash),
    }),
    /** The gateway, on a cache miss: a document the application registered, by hash, or null. */
    trustedDocument: internalCommand({
      callers: ['gateway'],
      input: z.object({ applicationId: z.string().regex(/^app_[0-9a-f]{32}$/), hash: sha256 }),
      handle: ({ applicationId, hash }) => partners.document(applicationId, hash),
    }),
    /** The gateway's batched report of API key uses (every second or so): audit events and lastUsedAt. */
    apiKeyUses: internalCommand({
      callers: ['gateway'],
      input: z.object({ batches: z.array(z.object({ apiKeyId: z.string().max(64), uses: z.array(use).max(2_000) })).max(1_000) }),
      handle: ({ batches }) => partners.recordUses(batches),
    }),
    /** Notifications, before a person registers a webhook endpoint: the application's owner and account, or null. */
    partnerApplication: internalCommand({
      callers: ['notifications'],
      input: z.object({ applicationId: z.string().regex(/^app_[0-9a-f]{32}$/) }),
      handle: ({ applicationId }) => partners.applicationOwner(applicationId),
    }),
    /** The gateways' revocation list: sessions ended and roles changed since `since` (ms since the epoch). */
    revocations: internalCommand({
      callers: ['gateway'],
      input: z.object({ since: z.number().int().min(0) }),
      handle: ({ since }) => revocations.since(since),
    }),
  };
}
