import DataLoader from 'dataloader';
import type { BaseRequestContext } from '@paygraph/platform/server';
import type { EntityManager } from '@paygraph/platform/db';
import type { Payment } from './entities/payment.entity.js';
import type { PaymentService } from './services/payment.service.js';
import type { PaymentRequest } from './entities/payment-request.entity.js';
import type { PaymentRequestService } from './services/payment-request.service.js';
import type { RefundService } from './services/refund.service.js';
import type { Withdrawal, WithdrawalStatus } from './entities/withdrawal.entity.js';
import type { WithdrawalService } from './services/withdrawal.service.js';
import type { PageArgs, PaymentQueryService } from './services/payment-query.service.js';
import type { Checkout } from './entities/checkout.entity.js';
import type { CheckoutService } from './services/checkout.service.js';
import type { MerchantSettlementService } from './services/merchant-settlement.service.js';
import type { BatchRow } from './repositories/settlement-batch.repository.js';

export interface PaymentsServices {
  payments: PaymentService;
  requests: PaymentRequestService;
  queries: PaymentQueryService;
  refunds: RefundService;
  withdrawals: WithdrawalService;
  checkouts: CheckoutService;
  merchantSettlement: MerchantSettlementService;
}

/** Per-request batching: every key asked for in one tick of one request becomes a single query. */
export interface PaymentsLoaders {
  paymentById: DataLoader<string, Payment | null>;
  withdrawalById: DataLoader<string, Withdrawal | null>;
  /** A user's newest withdrawals for one page (`first + 1` rows, as paymentPage). */
  withdrawalPage: DataLoader<{ userId: string; status: WithdrawalStatus | null } & PageArgs, Withdrawal[], string>;
  /** A user's newest payments for one page; `first + 1` rows, so the resolver knows whether there is a next page. */
  paymentPage: DataLoader<{ userId: string } & PageArgs, Payment[], string>;
  paymentRequestById: DataLoader<string, PaymentRequest | null>;
  /** The refunds of a payment, oldest first. */
  refundsOf: DataLoader<string, Payment[]>;
  checkoutById: DataLoader<string, Checkout | null>;
  settlementBatchById: DataLoader<string, BatchRow | null>;
}

export interface PaymentsContext extends BaseRequestContext {
  em: EntityManager;
  services: PaymentsServices;
  loaders: PaymentsLoaders;
}

export function createLoaders(em: EntityManager, services: PaymentsServices): PaymentsLoaders {
  return {
    paymentById: new DataLoader(async (ids) => {
      const found = await services.queries.byIds(em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    paymentRequestById: new DataLoader(async (ids) => {
      const found = await services.requests.byIds(em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    checkoutById: new DataLoader(async (ids) => {
      const found = await services.checkouts.byIds(em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    settlementBatchById: new DataLoader(async (ids) => {
      const found = await services.merchantSettlement.byIds(em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    refundsOf: new DataLoader(async (ids) => {
      const found = await services.refunds.refundsOf(em, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    withdrawalById: new DataLoader(async (ids) => {
      const found = await services.withdrawals.byIds(em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    withdrawalPage: new DataLoader(
      async (keys) => {
        const pageKey = (k: { first: number; after: string | null; status: WithdrawalStatus | null }) => `${k.first}:${k.after ?? ''}:${k.status ?? ''}`;
        const groups = new Map<string, { first: number; after: string | null; status: WithdrawalStatus | null; userIds: string[] }>();
        for (const k of keys) {
          const g = pageKey(k);
          if (!groups.has(g)) groups.set(g, { first: k.first, after: k.after, status: k.status, userIds: [] });
          groups.get(g)!.userIds.push(k.userId);
        }
        const pages = new Map<string, Withdrawal[]>();
        for (const [g, { first, after, status, userIds }] of groups) {
          const found = await services.withdrawals.newestForUsers(em, userIds, first + 1, after, status);
          for (const [userId, list] of found) pages.set(`${g}:${userId}`, list);
        }
        return keys.map((k) => pages.get(`${pageKey(k)}:${k.userId}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.first}:${k.after ?? ''}:${k.status ?? ''}:${k.userId}` },
    ),
    paymentPage: new DataLoader(
      async (keys) => {
        // Users asked for with the same page arguments share one query.
        const groups = new Map<string, { first: number; after: string | null; userIds: string[] }>();
        for (const k of keys) {
          const g = `${k.first}:${k.after ?? ''}`;
          if (!groups.has(g)) groups.set(g, { first: k.first, after: k.after, userIds: [] });
          groups.get(g)!.userIds.push(k.userId);
        }
        const pages = new Map<string, Payment[]>();
        for (const [g, { first, after, userIds }] of groups) {
          const found = await services.queries.newestForUsers(em, userIds, first + 1, after);
          for (const [userId, list] of found) pages.set(`${g}:${userId}`, list);
        }
        return keys.map((k) => pages.get(`${k.first}:${k.after ?? ''}:${k.userId}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.first}:${k.after ?? ''}:${k.userId}` },
    ),
  };
}
