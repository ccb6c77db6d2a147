import type { Command, Money, SagaState, StepName, StepRecord, StepStatus } from './state.js';

/** Collects what one transition emits. */
export class Output {
  readonly commands: Command[] = [];
  readonly steps: StepRecord[] = [];
  readonly notes: string[] = [];
  /** The instant of this transition, as commands carry it. */
  readonly at: string;
  constructor(private readonly now: Date) {
    this.at = now.toISOString();
  }
  step(name: StepName, status: StepStatus): void {
    this.steps.push({ name, status, at: this.now });
  }
  emit(command: Command): void {
    this.commands.push(command);
  }
  note(text: string): void {
    this.notes.push(text);
  }
}

export const wire = (m: Money) => ({ minor: m.minor.toString(), currency: m.currency });
export const ref = (s: SagaState) => ({ transactionId: s.transactionId, paymentId: s.paymentId });
