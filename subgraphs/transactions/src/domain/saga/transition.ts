import type { SagaClock, SagaInput, SagaState, Transition } from './state.js';
import { absorb } from './absorb.js';
import { nextDeadline, sameState } from './deadline.js';
import { decide } from './decide.js';
import { Output } from './output.js';

/** One input applied: the fact recorded (`absorb`), then every decision it allows (`decide`). */
export function transition(previous: SagaState, input: SagaInput, clock: SagaClock): Transition {
  const state: SagaState = { ...previous };
  const out = new Output(clock.now);
  absorb(state, input, out);
  decide(state, clock, out);
  state.deadlineAt = nextDeadline(state, clock);
  // Commands alone (giving back a stray hold) leave the transaction as it was.
  const changed = out.steps.length > 0 || !sameState(previous, state);
  if (changed) state.updatedAt = clock.now;
  return { state: changed ? state : previous, commands: out.commands, steps: out.steps, changed, notes: out.notes };
}
