import { handlersInOneTransaction, type BatchHandler, type EventEnvelope, type EventHandlers } from '@paygraph/platform/events';
import { refunded, settled, type SagaService, type SettledMovement } from '../services/saga.service.js';

/**
 * The saga's entry points on the backbone: each event routed to transactions becomes one saga input, applied in the
 * consumer's transaction (the inbox row, the new state, the step log and the commands commit together). The inbox
 * drops a redelivered event; the state machine makes a duplicate under a new event id a no-op too.
 */
export function sagaHandlers(saga: SagaService): EventHandlers {
  return {
    PaymentInitiated: async (event, em) => {
      await saga.start(em, event.data);
    },
    PaymentSettled: async ({ data }, em) => {
      await saga.recordSettled(em, data);
    },
    RefundSettled: async ({ data }, em) => {
      await saga.recordRefund(em, data);
    },
    CheckoutUpdated: async ({ data }, em) => {
      await saga.recordCheckout(em, data);
    },
    RiskAssessed: async ({ data }, em) => {
      await saga.advance(em, data, { type: 'RiskAssessed', decision: data.decision, assessmentId: data.assessmentId, caseId: data.caseId });
    },
    ReviewResolved: async ({ data }, em) => {
      await saga.advance(em, data, { type: 'ReviewResolved', decision: data.decision, caseId: data.caseId });
    },
    FundsReserved: async ({ data }, em) => {
      const { state } = await saga.advance(em, data, { type: 'FundsReserved', holdId: data.holdId, walletId: data.walletId });
      await saga.learnWallet(em, data.walletId, state.senderId, data.amount.currency);
    },
    FundsReservationFailed: async ({ data }, em) => {
      await saga.advance(em, data, { type: 'FundsReservationFailed', reason: data.reason });
    },
    FundsCaptured: async ({ data }, em) => {
      const { state } = await saga.advance(em, data, {
        type: 'FundsCaptured',
        holdId: data.holdId,
        journalEntryId: data.journalEntryId,
        walletId: data.walletId ?? null,
      });
      // A one-step transfer reports its wallet here (there was no FundsReserved).
      if (data.walletId) await saga.learnWallet(em, data.walletId, state.senderId, state.amount.currency);
    },
    FundsCaptureFailed: async ({ data }, em) => {
      await saga.advance(em, data, { type: 'FundsCaptureFailed', holdId: data.holdId, reason: data.reason });
    },
    FundsReleased: async ({ data }, em) => {
      await saga.advance(em, data, { type: 'FundsReleased', holdId: data.holdId, reason: data.reason });
    },
    PaymentChargeSucceeded: async ({ data }, em) => {
      await saga.advance(em, data, { type: 'PaymentChargeSucceeded', pspReference: data.pspReference });
    },
    PaymentChargeFailed: async ({ data }, em) => {
      await saga.advance(em, data, { type: 'PaymentChargeFailed', reason: data.reason, message: data.message });
    },
    FundsCredited: async ({ data }, em) => {
      const { state } = await saga.advance(em, data, { type: 'FundsCredited', walletId: data.walletId, journalEntryId: data.journalEntryId });
      await saga.learnWallet(em, data.walletId, state.senderId, data.amount.currency);
    },
  };
}

/**
 * A received batch in one transaction, in receive order: each run of movements settled in their requests
 * (PaymentSettled, RefundSettled: the bulk of the traffic) is recorded in one statement, any other event by its own
 * handler.
 */
export function sagaBatchHandler(saga: SagaService, handlers: EventHandlers): BatchHandler {
  const oneByOne = handlersInOneTransaction(handlers);
  return async (events, em) => {
    let run: SettledMovement[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      await saga.recordInRequest(em, run);
      run = [];
    };
    for (const event of events) {
      if (event.type === 'PaymentSettled') run.push(settled((event as EventEnvelope<'PaymentSettled'>).data));
      else if (event.type === 'RefundSettled') run.push(refunded((event as EventEnvelope<'RefundSettled'>).data));
      else {
        await flush();
        await oneByOne([event], em);
      }
    }
    await flush();
  };
}
