import { InternalClient, type InternalClientOptions } from '@paygraph/platform/internal-client';
import { IdentitySigner } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';
import { parseAmount, type Money } from '@paygraph/platform/money';
import type { UserLimits } from '../domain/limits.js';

export type { UserLimits };

/**
 * The synchronous reads payments makes before it accepts a payment, from the services that own the data (DESIGN.md
 * §2). Each owner exposes them as `@inaccessible` Query fields that only other subgraphs may call (the documents
 * below), except the limits asked on every payment: accounts' `limits` internal command.
 */

export interface InstrumentView {
  id: string;
  userId: string;
  kind: 'CARD' | 'BANK_ACCOUNT';
  status: 'ACTIVE' | 'REMOVED';
  last4: string;
  pspToken: string;
  /** Bank accounts: whether the owner confirmed it (only VERIFIED ones receive withdrawals) and its currency. */
  bankVerification: 'PENDING' | 'VERIFIED' | 'FAILED' | null;
  bankCurrency: string | null;
}

export interface WalletView {
  id: string;
  ownerId: string;
  currency: string;
}

export interface FxQuoteView {
  id: string;
  ownerId: string;
  source: Money;
  target: Money;
  expiresAt: Date;
  used: boolean;
}

export interface Peers {
  userIdByEmail(email: string): Promise<string | null>;
  /** Whether money can be sent to this user (registered, not erased). */
  userExists(userId: string): Promise<boolean>;
  /** Drops what is remembered of the user (they were just erased). */
  forgetUser?(userId: string): void;
  limits(userId: string): Promise<UserLimits>;
  fundingInstrument(id: string, userId: string): Promise<InstrumentView | null>;
  wallet(id: string): Promise<WalletView | null>;
  fxQuote(id: string): Promise<FxQuoteView | null>;
  /** `amount` minor units of `currency` in USD minor units, as wallets' rate source values it. */
  usdEquivalent(amount: bigint, currency: string): Promise<bigint>;
}

export const USER_BY_EMAIL = `query PaymentsUserByEmail($email: String!) { _userByEmail(email: $email) { id } }`;
export const USER_BY_ID = `query PaymentsPayableUser($id: ID!) { _payableUser(id: $id) { id } }`;
export const FUNDING_INSTRUMENT = `query PaymentsFundingInstrument($id: ID!, $userId: ID!) {
  _fundingInstrument(id: $id, userId: $userId) { id userId kind status last4 pspToken bankVerification bankCurrency }
}`;
export const WALLET = `query PaymentsWallet($id: ID!) { _wallet(id: $id) { id ownerId currency } }`;
export const FX_QUOTE = `query PaymentsFxQuote($id: ID!) {
  _fxQuote(id: $id) { id ownerId sourceAmount { amount currency } targetAmount { amount currency } expiresAt used }
}`;
/** amount: minor units of `currency` as a decimal string; the answer: USD minor units as a decimal string. */
export const USD_EQUIVALENT = `query PaymentsUsdEquivalent($amount: String!, $currency: String!) {
  _usdEquivalent(amount: $amount, currency: $currency)
}`;

const minorOrNull = (v: string | null | undefined): bigint | null => (v === null || v === undefined ? null : BigInt(v));

/** How many user ids `userExists` remembers (then it starts afresh: the cost of forgetting is one read each). */
const KNOWN_USERS_MAX = 50_000;
/**
 * How long `userExists` trusts a "yes". A user can be erased (docs/security.md, "Privacy requests"): the replica that
 * handles the erasure forgets them at once (`forgetUser`), every other replica within this time.
 */
export const KNOWN_USER_TTL_MS = 60_000;

export class InternalPeers implements Peers {
  /**
   * Users known to be payable, with when that was last asked: a recipient paid within `KNOWN_USER_TTL_MS` is not
   * asked for again. A "no" is never remembered (the user may register next).
   */
  private readonly knownUsers = new Map<string, number>();

  constructor(
    private readonly users: Pick<InternalClient, 'query'>,
    private readonly accounts: Pick<InternalClient, 'query' | 'command'>,
    private readonly wallets: Pick<InternalClient, 'query'>,
  ) {}

  static create(opts: {
    secret: string;
    usersUrl: string;
    accountsUrl: string;
    walletsUrl: string;
    timeoutMs: number;
    logger?: Logger;
  }): InternalPeers {
    const signer = new IdentitySigner(opts.secret, 'payments');
    const client = (target: string, url: string) =>
      new InternalClient({ target, url, signer, logger: opts.logger, timeoutMs: opts.timeoutMs } satisfies InternalClientOptions);
    return new InternalPeers(client('users', opts.usersUrl), client('accounts', opts.accountsUrl), client('wallets', opts.walletsUrl));
  }

  async userIdByEmail(email: string): Promise<string | null> {
    const data = await this.users.query<{ _userByEmail: { id: string } | null }>(USER_BY_EMAIL, { email });
    return data._userByEmail?.id ?? null;
  }

  async userExists(userId: string): Promise<boolean> {
    const now = Date.now();
    const askedAt = this.knownUsers.get(userId);
    if (askedAt !== undefined && now - askedAt < KNOWN_USER_TTL_MS) return true;
    const data = await this.users.query<{ _payableUser: { id: string } | null }>(USER_BY_ID, { id: userId });
    const exists = data._payableUser?.id === userId;
    if (exists) {
      if (this.knownUsers.size >= KNOWN_USERS_MAX) this.knownUsers.clear();
      this.knownUsers.set(userId, now);
    } else {
      this.knownUsers.delete(userId);
    }
    return exists;
  }

  forgetUser(userId: string): void {
    this.knownUsers.delete(userId);
  }

  /** Accounts' `limits` command: asked on every payment, so not a GraphQL read (see internal-commands.ts). */
  async limits(userId: string): Promise<UserLimits> {
    const l = await this.accounts.command<{ tier: string; currency: string; singlePayment: string | null; daily: string | null; monthly: string | null } | null>(
      'limits',
      { userId },
    );
    if (!l) throw new Error('accounts returned no limits');
    if (l.currency !== 'USD') throw new Error(`accounts returned limits in ${l.currency}, expected USD`);
    return { tier: l.tier, singlePayment: minorOrNull(l.singlePayment), daily: minorOrNull(l.daily), monthly: minorOrNull(l.monthly) };
  }

  async fundingInstrument(id: string, userId: string): Promise<InstrumentView | null> {
    const data = await this.accounts.query<{ _fundingInstrument: InstrumentView | null }>(FUNDING_INSTRUMENT, { id, userId });
    return data._fundingInstrument;
  }

  async wallet(id: string): Promise<WalletView | null> {
    const data = await this.wallets.query<{ _wallet: WalletView | null }>(WALLET, { id });
    return data._wallet;
  }

  async fxQuote(id: string): Promise<FxQuoteView | null> {
    const data = await this.wallets.query<{
      _fxQuote: {
        id: string;
        ownerId: string;
        sourceAmount: { amount: string; currency: string };
        targetAmount: { amount: string; currency: string };
        expiresAt: string;
        used: boolean;
      } | null;
    }>(FX_QUOTE, { id });
    const q = data._fxQuote;
    if (!q) return null;
    return {
      id: q.id,
      ownerId: q.ownerId,
      source: { amount: parseAmount(q.sourceAmount.amount, q.sourceAmount.currency), currency: q.sourceAmount.currency },
      target: { amount: parseAmount(q.targetAmount.amount, q.targetAmount.currency), currency: q.targetAmount.currency },
      expiresAt: new Date(q.expiresAt),
      used: q.used,
    };
  }

  async usdEquivalent(amount: bigint, currency: string): Promise<bigint> {
    if (currency === 'USD') return amount;
    const data = await this.wallets.query<{ _usdEquivalent: string | null }>(USD_EQUIVALENT, { amount: amount.toString(), currency });
    if (data._usdEquivalent === null || !/^[0-9]+$/.test(data._usdEquivalent)) {
      throw new Error(`wallets returned no USD equivalent for ${currency}`);
    }
    return BigInt(data._usdEquivalent);
  }
}
