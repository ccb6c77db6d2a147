/**
 * The payment saga as a pure state machine: `(state, input, clock) → (state, commands, steps)`. The vocabulary and
 * the state in `state.ts`; `start.ts` opens a transaction from PaymentInitiated; `transition.ts` applies one input:
 * `absorb.ts` records its fact, `decide.ts` moves the saga on, `deadline.ts` says when a timeout may apply.
 */
export * from './state.js';
export { startSaga } from './start.js';
export { transition } from './transition.js';
export { nextDeadline, sameState } from './deadline.js';
export { checkoutTransaction, refundTransaction, settledTransaction, type PaymentSettledData } from './settled.js';
