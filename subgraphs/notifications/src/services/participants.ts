import type { InternalClient } from '@paygraph/platform/internal-client';
import type { ParticipantDirectory } from './realtime.service.js';

/** Asks payments and wallets, with notifications' service identity, who a payment or wallet belongs to. */
export class OwnerServicesDirectory implements ParticipantDirectory {
  constructor(
    private readonly payments: InternalClient,
    private readonly wallets: InternalClient,
  ) {}

  async paymentParticipants(paymentId: string): Promise<{ senderId: string; recipientId: string } | null> {
    const data = await this.payments.query<{ _payment: { senderId: string; recipientId: string } | null }>(
      'query($id: ID!) { _payment(id: $id) { senderId recipientId } }',
      { id: paymentId },
    );
    return data._payment;
  }

  async walletOwner(walletId: string): Promise<string | null> {
    const data = await this.wallets.query<{ _wallet: { ownerId: string } | null }>('query($id: ID!) { _wallet(id: $id) { ownerId } }', { id: walletId });
    return data._wallet?.ownerId ?? null;
  }
}
