import type { RunningService, Worker } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import { Outbox } from '@paygraph/platform/events';
import type { PaymentsConfig } from './config.js';
import { createLoaders, type PaymentsContext, type PaymentsServices } from './context.js';
import { entities, migrations } from './database.js';
import { resolvers } from './resolvers/index.js';
import { chargeRequestedHandler } from './events/charge-requested.consumer.js';
import { transactionCompletedHandler } from './events/transaction-completed.consumer.js';
import { transactionFailedHandler } from './events/transaction-failed.consumer.js';
import { transactionOnHoldHandler } from './events/transaction-on-hold.consumer.js';
import { transactionStartedHandler } from './events/transaction-started.consumer.js';
import { paymentsPrivacyHandlers } from './events/privacy.consumer.js';
import { PaymentsPrivacy } from './services/privacy.service.js';
import { AfterCommit } from '@paygraph/platform/after-commit';
import { ChargeService } from './services/charge.service.js';
import { CompletionWaiter } from './services/completion.js';
import { InternalPeers, type Peers } from './adapters/peers.js';
import { InternalSettlementPeers, type SettlementPeers } from './adapters/settlement-peers.js';
import { SettlementService } from './services/settlement.service.js';
import { SettlementRecoveryWorker } from './workers/settlement-recovery.worker.js';
import { RefundRecoveryWorker } from './workers/refund-recovery.worker.js';
import { RefundService } from './services/refund.service.js';
import { PaymentQueryService } from './services/payment-query.service.js';
import { PaymentStatusService } from './services/payment-status.service.js';
import { PaymentService } from './services/payment.service.js';
import { SandboxPsp, type CardAcquirer, type PaymentServiceProvider } from './adapters/psp.js';
import { IdempotencyCleanupWorker } from './workers/idempotency-cleanup.worker.js';
import { PspChargeWorker } from './workers/psp-charge.worker.js';
import { SandboxBankRail, type BankRail } from './adapters/bank-rail.js';
import { InternalPayoutPeers, type PayoutPeers } from './adapters/payout-peers.js';
import { WithdrawalService } from './services/withdrawal.service.js';
import { PayoutWorker } from './workers/payout.worker.js';
import { PaymentRequestService } from './services/payment-request.service.js';
import { PaymentRequestExpiryWorker } from './workers/payment-request-expiry.worker.js';
import { InternalCheckoutPeers, type CheckoutPeers } from './adapters/checkout-peers.js';
import { CheckoutService } from './services/checkout.service.js';
import { CheckoutWorker } from './workers/checkout.worker.js';
import { MerchantSettlementService } from './services/merchant-settlement.service.js';
import { MerchantSettlementWorker } from './workers/merchant-settlement.worker.js';

export const SERVICE = 'payments';

/** Replaceable collaborators (tests, or a real PSP later). */
export interface PaymentsDeps {
  psp?: PaymentServiceProvider;
  /** Card checkouts' authorise, capture, void and refund (the sandbox PSP unless given). */
  cards?: CardAcquirer;
  peers?: Peers;
  settlementPeers?: SettlementPeers;
  payoutPeers?: PayoutPeers;
  checkoutPeers?: CheckoutPeers;
  bankRail?: BankRail;
  clock?: () => Date;
}

export async function start(config: PaymentsConfig, deps: PaymentsDeps = {}): Promise<RunningService> {
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone, logger } = runtime;

  return serveSubgraph<PaymentsContext>(runtime, async () => {
    const outbox = new Outbox(SERVICE);
    const afterCommit = new AfterCommit(orm);
    const completion = new CompletionWaiter({ timeoutMs: config.AWAIT_COMPLETION_TIMEOUT_MS, pollMs: config.AWAIT_POLL_INTERVAL_MS });
    const peers =
      deps.peers ??
      InternalPeers.create({
        secret: config.INTERNAL_AUTH_SECRET,
        usersUrl: config.USERS_URL,
        accountsUrl: config.ACCOUNTS_URL,
        walletsUrl: config.WALLETS_URL,
        timeoutMs: config.INTERNAL_CALL_TIMEOUT_MS,
        logger,
      });
    const sandboxPsp = new SandboxPsp(orm, { latencyMs: config.PSP_LATENCY_MS, failureRate: config.PSP_FAILURE_RATE, slowApproveMs: config.PSP_SLOW_APPROVE_MS });
    const psp = deps.psp ?? sandboxPsp;
    const cards = deps.cards ?? sandboxPsp;
    const checkoutPeers =
      deps.checkoutPeers ??
      InternalCheckoutPeers.create({
        secret: config.INTERNAL_AUTH_SECRET,
        accountsUrl: config.ACCOUNTS_URL,
        walletsUrl: config.WALLETS_URL,
        timeoutMs: config.INTERNAL_CALL_TIMEOUT_MS,
        logger,
      });

    let pspWorker: PspChargeWorker | undefined;
    const charges = new ChargeService(
      orm,
      outbox,
      logger,
      { leaseMs: config.PSP_CHARGE_LEASE_MS, maxAttempts: config.PSP_MAX_ATTEMPTS, retryBaseMs: config.PSP_RETRY_BASE_MS },
      (em) => afterCommit.run(em, () => pspWorker?.nudge()),
    );
    if (config.PSP_WORKER_ENABLED) {
      pspWorker = new PspChargeWorker(
        charges,
        psp,
        { pollMs: config.PSP_WORKER_POLL_MS, concurrency: config.PSP_WORKER_CONCURRENCY, timeoutMs: config.PSP_TIMEOUT_MS },
        logger,
      );
    }
    const status = new PaymentStatusService(outbox, logger, (em, paymentId, to) => afterCommit.run(em, () => completion.notify(paymentId, to)));
    const settlementPeers =
      deps.settlementPeers ??
      InternalSettlementPeers.create({
        secret: config.INTERNAL_AUTH_SECRET,
        fraudUrl: config.FRAUD_URL,
        walletsUrl: config.WALLETS_URL,
        timeoutMs: config.INTERNAL_CALL_TIMEOUT_MS,
        logger,
      });
    const relay = backbone.relay(orm);
    const settlement = new SettlementService(
      orm,
      outbox,
      settlementPeers,
      logger,
      // em: the settling transaction (a hand-over to the saga); null when the outcome is committed already.
      (em, paymentId, to) => {
        const wake = () => {
          completion.notify(paymentId, to);
          relay.nudge();
        };
        if (em) afterCommit.run(em, wake);
        else wake();
      },
      deps.clock,
    );
    const payoutPeers =
      deps.payoutPeers ??
      InternalPayoutPeers.create({ secret: config.INTERNAL_AUTH_SECRET, walletsUrl: config.WALLETS_URL, timeoutMs: config.INTERNAL_CALL_TIMEOUT_MS, logger });
    const bankRail = deps.bankRail ?? new SandboxBankRail(orm, { settleMs: config.PAYOUT_RAIL_SETTLE_MS, returnMs: config.PAYOUT_RAIL_RETURN_MS });
    let payoutWorker: PayoutWorker | undefined;
    const withdrawals = new WithdrawalService(
      orm,
      outbox,
      peers,
      payoutPeers,
      bankRail,
      logger,
      { idempotencyTtlHours: config.IDEMPOTENCY_KEY_TTL_HOURS, pollMs: config.PAYOUT_POLL_MS, returnWindowMs: config.PAYOUT_RETURN_WINDOW_MS },
      (em) => afterCommit.run(em, () => payoutWorker?.nudge()),
      deps.clock,
    );
    payoutWorker = new PayoutWorker(withdrawals, { intervalMs: config.PAYOUT_WORKER_INTERVAL_MS, unheldAfterMs: config.PAYMENT_RECOVERY_AFTER_MS }, logger);
    const payments = new PaymentService(orm, outbox, peers, completion, settlement, { idempotencyTtlHours: config.IDEMPOTENCY_KEY_TTL_HOURS }, deps.clock);
    const services: PaymentsServices = {
      payments,
      requests: new PaymentRequestService(
        orm,
        outbox,
        peers,
        payments,
        logger,
        { idempotencyTtlHours: config.IDEMPOTENCY_KEY_TTL_HOURS, abandonedAfterMs: config.PAYMENT_REQUEST_ABANDONED_AFTER_MS },
        deps.clock,
      ),
      queries: new PaymentQueryService(),
      refunds: new RefundService(
        orm,
        outbox,
        settlementPeers,
        checkoutPeers,
        cards,
        logger,
        { idempotencyTtlHours: config.IDEMPOTENCY_KEY_TTL_HOURS, pspTimeoutMs: config.PSP_TIMEOUT_MS },
        deps.clock,
      ),
      withdrawals,
      checkouts: new CheckoutService(
        orm,
        outbox,
        peers,
        checkoutPeers,
        cards,
        logger,
        {
          idempotencyTtlHours: config.IDEMPOTENCY_KEY_TTL_HOURS,
          feeBps: config.CHECKOUT_FEE_BPS,
          feeFixed: config.CHECKOUT_FEE_FIXED_MINOR,
          authorizationTtlMs: config.CHECKOUT_AUTHORIZATION_TTL_MS,
          pspTimeoutMs: config.PSP_TIMEOUT_MS,
        },
        deps.clock,
      ),
      merchantSettlement: new MerchantSettlementService(
        orm,
        outbox,
        logger,
        { closeDelayMs: config.SETTLEMENT_CLOSE_DELAY_MS, lookBackDays: config.SETTLEMENT_LOOK_BACK_DAYS },
        deps.clock,
      ),
    };

    const consumer = await backbone.consumer(orm, {
      TransactionStarted: transactionStartedHandler(status),
      TransactionCompleted: transactionCompletedHandler(status),
      TransactionFailed: transactionFailedHandler(status),
      TransactionOnHold: transactionOnHoldHandler(status),
      ChargeRequested: chargeRequestedHandler(charges),
      ...paymentsPrivacyHandlers(new PaymentsPrivacy((userId) => peers.forgetUser?.(userId))),
    });
    const workers: Worker[] = [
      relay,
      consumer,
      new IdempotencyCleanupWorker(orm, config.IDEMPOTENCY_CLEANUP_INTERVAL_MS, logger),
      new SettlementRecoveryWorker(settlement, { afterMs: config.PAYMENT_RECOVERY_AFTER_MS, intervalMs: config.PAYMENT_RECOVERY_INTERVAL_MS }, logger),
      new RefundRecoveryWorker(services.refunds, { afterMs: config.PAYMENT_RECOVERY_AFTER_MS, intervalMs: config.PAYMENT_RECOVERY_INTERVAL_MS }, logger),
      ...(pspWorker ? [pspWorker] : []),
      payoutWorker,
      new PaymentRequestExpiryWorker(
        services.requests,
        { intervalMs: config.PAYMENT_REQUEST_SWEEP_INTERVAL_MS, underWayAfterMs: config.PAYMENT_RECOVERY_AFTER_MS },
        logger,
      ),
      new CheckoutWorker(services.checkouts, { intervalMs: config.CHECKOUT_SWEEP_INTERVAL_MS, underWayAfterMs: config.PAYMENT_RECOVERY_AFTER_MS }, logger),
      new MerchantSettlementWorker(services.merchantSettlement, { intervalMs: config.SETTLEMENT_INTERVAL_MS }, logger),
    ];

    return {
      resolvers,
      port: config.PAYMENTS_PORT,
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      workers,
    };
  });
}
