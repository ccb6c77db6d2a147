import { z } from 'zod';
import type { MikroORM } from '@paygraph/platform/db';
import { internalCommand, type InternalCommand } from '@paygraph/platform/internal-commands';
import type { LedgerService } from './services/ledger.service.js';
import type { WalletService } from './services/wallet.service.js';

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-f]{32}$`));

const money = z.object({ minor: z.string().regex(/^[1-9][0-9]{0,18}$/), currency: z.string().regex(/^[A-Z]{3}$/) });
const payoutRef = { transactionId: id('txn'), withdrawalId: id('wdr') };
const minorOrNull = (v: bigint | null) => (v === null ? null : v.toString());
const fee = z.string().regex(/^(0|[1-9][0-9]{0,18})$/);
const checkoutRef = { transactionId: id('txn'), checkoutId: id('chk') };
const withAvailable = <T extends { status: string }>(r: T) => ('available' in r ? { ...r, available: minorOrNull(r.available as bigint | null) } : r);

/**
 * What wallets does synchronously for other services (internal-commands.ts): the P2P transfer of DESIGN.md §4, and a
 * withdrawal's hold, capture, release and return (services/ledger/payout.ts), a merchant checkout's pay, authorize,
 * capture and release, and a card-paid checkout's capture and refund (services/ledger/checkout.ts). Each is idempotent
 * on the transaction id. And one read: what a user's wallets hold, before users erases the account.
 */
export function walletCommands(orm: MikroORM, ledger: LedgerService, wallets: WalletService): Record<string, InternalCommand> {
  return {
    /** users, before an account erasure: each of the user's wallets with its balance and held amount (minor units). */
    funds: internalCommand({
      callers: ['users'],
      input: z.object({ userId: id('usr') }),
      handle: async ({ userId }) => ({
        wallets: ((await wallets.byOwners([userId])).get(userId) ?? []).map((w) => ({
          walletId: w.id,
          currency: w.currency,
          balance: w.balance.toString(),
          held: w.held.toString(),
        })),
      }),
    }),
    transfer: internalCommand({
      callers: ['payments'],
      input: z.object({
        transactionId: id('txn'),
        paymentId: id('pay'),
        senderId: id('usr'),
        recipientId: id('usr'),
        amount: z.object({ minor: z.string().regex(/^[1-9][0-9]{0,18}$/), currency: z.string().regex(/^[A-Z]{3}$/) }),
      }),
      handle: async (cmd) => {
        const r = await ledger.transferNow(orm, cmd);
        return { ...r, available: r.available === null ? null : r.available.toString() };
      },
    }),
    payoutHold: internalCommand({
      callers: ['payments'],
      input: z.object({ ...payoutRef, userId: id('usr'), walletId: id('wal'), amount: money }),
      handle: async (cmd) => {
        const r = await ledger.holdPayout(orm, cmd);
        return { ...r, available: minorOrNull(r.available) };
      },
    }),
    payoutCapture: internalCommand({
      callers: ['payments'],
      input: z.object({ ...payoutRef, holdId: id('hld') }),
      handle: (cmd) => ledger.capturePayout(orm, cmd),
    }),
    payoutRelease: internalCommand({
      callers: ['payments'],
      input: z.object({ ...payoutRef, holdId: id('hld'), reason: z.string().min(1).max(100) }),
      handle: (cmd) => ledger.releasePayout(orm, cmd),
    }),
    checkoutPay: internalCommand({
      callers: ['payments'],
      input: z.object({ ...checkoutRef, paymentId: id('pay'), buyerId: id('usr'), merchantId: id('usr'), amount: money, fee }),
      handle: async (cmd) => withAvailable(await ledger.payCheckout(orm, cmd)),
    }),
    checkoutAuthorize: internalCommand({
      callers: ['payments'],
      input: z.object({ ...checkoutRef, buyerId: id('usr'), amount: money }),
      handle: async (cmd) => withAvailable(await ledger.authorizeCheckout(orm, cmd)),
    }),
    checkoutCapture: internalCommand({
      callers: ['payments'],
      input: z.object({ ...checkoutRef, paymentId: id('pay'), holdId: id('hld'), merchantId: id('usr'), amount: money, fee }),
      handle: (cmd) => ledger.captureCheckout(orm, cmd),
    }),
    checkoutRelease: internalCommand({
      callers: ['payments'],
      input: z.object({ ...checkoutRef, holdId: id('hld'), reason: z.string().min(1).max(100) }),
      handle: (cmd) => ledger.releaseCheckout(orm, cmd),
    }),
    checkoutCardCapture: internalCommand({
      callers: ['payments'],
      input: z.object({ ...checkoutRef, paymentId: id('pay'), merchantId: id('usr'), amount: money, fee, pspReference: z.string().min(1).max(100) }),
      handle: (cmd) => ledger.captureCardCheckout(orm, cmd),
    }),
    checkoutCardRefund: internalCommand({
      callers: ['payments'],
      input: z.object({ ...checkoutRef, paymentId: id('pay'), merchantId: id('usr'), amount: money }),
      handle: async (cmd) => withAvailable(await ledger.refundCardCheckout(orm, cmd)),
    }),
    payoutReturn: internalCommand({
      callers: ['payments'],
      input: z.object({ ...payoutRef, holdId: id('hld') }),
      handle: (cmd) => ledger.returnPayout(orm, cmd),
    }),
  };
}
