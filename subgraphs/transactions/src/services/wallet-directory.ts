import type { EntityManager } from '@paygraph/platform/db';
import type { InternalClient } from '@paygraph/platform/internal-client';
import { WalletRef } from '../entities/wallet-ref.entity.js';

export interface WalletInfo {
  walletId: string;
  ownerId: string;
  currency: string;
}

/** Where the owner and currency of a wallet come from when no event has named it yet. */
export interface WalletSource {
  wallet(walletId: string): Promise<Omit<WalletInfo, 'walletId'> | null>;
}

/**
 * The wallets subgraph's internal read. Assumed shape (owned by wallets): `_wallet(id: ID!): InternalWallet` with
 * `ownerId: ID!` and `currency: String!`, null for an unknown wallet, callable by subgraph identities.
 */
export const WALLET_QUERY = `query TransactionsWallet($id: ID!) { _wallet(id: $id) { id ownerId currency } }`;

export class WalletsSubgraphSource implements WalletSource {
  constructor(private readonly client: InternalClient) {}

  async wallet(walletId: string): Promise<Omit<WalletInfo, 'walletId'> | null> {
    const data = await this.client.query<{ _wallet: { id: string; ownerId: string; currency: string } | null }>(WALLET_QUERY, { id: walletId });
    return data._wallet ? { ownerId: data._wallet.ownerId, currency: data._wallet.currency } : null;
  }
}

/**
 * Owner and currency per wallet. They never change, so what the saga's events tell us (FundsReserved names the sender's
 * wallet, FundsCredited the credited one) is stored for good, and a wallet no event named (a P2P recipient's, a
 * conversion's target) is asked of wallets once and stored too.
 */
export class WalletDirectory {
  /**
   * Wallets whose row this process has seen committed (its insert found it there). Rows are never removed, so those
   * are not written again: a sender's every payment would otherwise repeat the insert. Bounded; cleared when full.
   */
  private readonly stored = new Set<string>();

  constructor(
    private readonly source: WalletSource,
    private readonly maxRemembered = 100_000,
  ) {}

  async remember(em: EntityManager, info: WalletInfo): Promise<void> {
    if (this.stored.has(info.walletId)) return;
    const res: { affectedRows?: number } = await em.execute(
      'insert into wallet_ref (wallet_id, owner_id, currency, learned_at) values (?, ?, ?, ?) on conflict (wallet_id) do nothing',
      [info.walletId, info.ownerId, info.currency, new Date()],
      'run',
    );
    // A conflict means the row was already there; one inserted here may still roll back with the caller's transaction.
    // Should the cache ever be wrong, the cost is `find` asking wallets once more.
    if (res.affectedRows === 0) {
      if (this.stored.size >= this.maxRemembered) this.stored.clear();
      this.stored.add(info.walletId);
    }
  }

  async find(em: EntityManager, walletId: string): Promise<WalletInfo | null> {
    const known = await em.findOne(WalletRef, { walletId });
    if (known) return { walletId, ownerId: known.ownerId, currency: known.currency };
    const remote = await this.source.wallet(walletId);
    if (!remote) return null;
    const info = { walletId, ...remote };
    await this.remember(em.fork(), info);
    return info;
  }
}
