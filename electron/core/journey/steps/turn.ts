/**
 * One command applied to a journey: the state being changed (already a copy), the command's
 * time and context, and the effects it asks for. Each step's handler receives one.
 */
import { refuse, stepZh, wrongStep } from '../errors';
import type { Effect, JourneyCommand, JourneyState, MachineContext, Step } from '../types';

export class Turn {
  readonly effects: Effect[] = [];
  readonly now: number;
  readonly id: string;

  constructor(readonly s: JourneyState, readonly ctx: MachineContext) {
    this.now = ctx.now;
    this.id = s.journeyId;
  }

  /** Refuses unless the journey is at this step. */
  expect(step: Step): void {
    if (this.s.step !== step) throw wrongStep(this.s.step, step);
  }

  /** Refuses once the journey has ended. */
  open(): void {
    if (this.s.step === 'closed' || this.s.step === 'cancelled') {
      throw refuse('ENDED', `本次服务已${stepZh(this.s.step)}`, `This journey is already ${this.s.step}`);
    }
  }

  audit(event: string, detail: Record<string, unknown>): void {
    // The clerk serving this customer did it: the audit viewer names her.
    this.effects.push({ kind: 'audit', key: `${this.id}:audit:${this.s.version}:${event}`, journeyId: this.id, event, detail, actor: this.s.clerkId });
  }
}

/** The handler of one command type. */
export type StepHandler<T extends JourneyCommand['type']> = (t: Turn, cmd: Extract<JourneyCommand, { type: T }>) => void;
