/**
 * The one-stop service journey as a pure state machine.
 *
 * `apply(state, command, ctx)` returns the next state and the effects (post a sale, print a
 * receipt, kick the drawer, post the items used, audit) for the service to carry out; it never
 * does I/O, never reads a clock, never mutates its input. A refusal is a thrown BilingualError.
 *
 * Each command has its handler, filed by the step it belongs to (./steps); the table below
 * makes the compiler insist on one for every command the contract defines. The current step is
 * not a cursor the handlers move: it is derived from what has been recorded (`nextStep`).
 */
import { refuse } from './errors';
import { nextStep } from './facts';
import { cancel, retryRefund } from './steps/cancel';
import { answerConsent } from './steps/consent';
import { effectDone, effectFailed } from './steps/effects';
import { farewell } from './steps/farewell';
import { greet } from './steps/greet';
import { handOver, retryReceipt } from './steps/handover';
import { chooseBusinesses } from './steps/need';
import { pay } from './steps/payment';
import { submitBusiness } from './steps/process';
import { recommend } from './steps/recommend';
import { Turn, type StepHandler } from './steps/turn';
import { verifyIdentity, verifyServicePassword } from './steps/verify';
import type { JourneyCommand, JourneyState, MachineContext, Transition } from './types';

const HANDLERS: { [T in JourneyCommand['type']]: StepHandler<T> } = {
  greet,
  chooseBusinesses,
  verifyCard: (t, c) => verifyIdentity(t, c),
  verifyManual: (t, c) => verifyIdentity(t, c),
  verifyServicePassword,
  answerConsent,
  submitBusiness,
  payCash: (t, c) => pay(t, c),
  payNonCash: (t, c) => pay(t, c),
  payOut: (t, c) => pay(t, c),
  recommend,
  retryReceipt,
  handOver,
  farewell,
  cancel,
  retryRefund,
  effectDone,
  effectFailed,
};

export function startJourney(p: { journeyId: string; counterId: string; clerkId: string; now: number }): JourneyState {
  return {
    journeyId: p.journeyId,
    counterId: p.counterId,
    clerkId: p.clerkId,
    version: 0,
    step: 'greet',
    openedAt: p.now,
    greetedAt: null,
    ticket: null,
    businesses: [],
    customer: null,
    consentLog: [],
    payment: null,
    recommendations: [],
    receipt: null,
    handover: null,
    farewellAt: null,
    closedAt: null,
    cancel: null,
    stepLog: [{ step: 'greet', at: p.now }],
  };
}

export function apply(state: JourneyState, cmd: JourneyCommand, ctx: MachineContext): Transition {
  const handler = HANDLERS[cmd.type] as StepHandler<JourneyCommand['type']> | undefined;
  if (!handler) {
    throw refuse('UNKNOWN_COMMAND', '未知操作', 'Unknown action', { command: (cmd as { type?: unknown }).type });
  }
  const s = structuredClone(state);
  s.version += 1;
  const turn = new Turn(s, ctx);
  handler(turn, cmd);
  const step = nextStep(s);
  if (step !== s.step) {
    s.step = step;
    s.stepLog.push({ step, at: ctx.now });
  }
  return { state: s, effects: turn.effects };
}
