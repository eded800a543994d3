/**
 * Figures from a journey: how many clerk actions (key presses / clicks) it took and how long
 * each step lasted.
 *
 * The UI design assumed (keyboard first, ui.md), per command; typing the values of business
 * fields, the queue ticket, amounts and payment references is typing, not counted:
 *
 *   greet                 1  Enter on the idle screen opens the journey and records the greeting
 *   chooseBusinesses      n+1  one digit key per business, Enter
 *   verifyCard            1  the card on the reader fills the step by itself; Enter = "face matches"
 *   verifyManual          3  M opens the form, pick the reason from the list, Enter
 *   verifyServicePassword 1  Enter once the system accepted the password
 *   answerConsent         1  Y / N after reading the purpose out
 *   submitBusiness        1+c  Enter, plus one tick per confirm box (c)
 *   payCash               1  Enter after typing the amount tendered
 *   payNonCash            2  tender key (W/A/U), Enter after scanning the reference
 *   payOut                1  Enter
 *   recommend             k  one outcome key (1 accepted / 2 declined / 3 n.a.) per product;
 *                            Shift+key keeps the step open for another product, the plain key ends it
 *   handOver              3  three ticks; the third completes the step
 *   farewell              1  Enter
 *   cancel                2  Esc, pick the reason, (Enter is part of picking)
 *   retryReceipt/Refund   1
 *
 * The standard new line (one business, card read, consent, cash, one recommendation) is
 * 1+2+1+1+1+1+1+3+1 = 12, the target.
 */
import type { JourneyCommand, JourneyState, Step } from './types';

export const NEW_LINE_ACTION_TARGET = 12;

export function actionsFor(cmd: JourneyCommand): number {
  switch (cmd.type) {
    case 'greet':
    case 'verifyCard':
    case 'verifyServicePassword':
    case 'answerConsent':
    case 'payCash':
    case 'payOut':
    case 'farewell':
    case 'retryReceipt':
    case 'retryRefund':
      return 1;
    case 'chooseBusinesses':
      return cmd.codes.length + 1;
    case 'verifyManual':
      return 3;
    case 'submitBusiness':
      return 1 + Object.values(cmd.fields).filter((v) => v === true).length;
    case 'payNonCash':
    case 'cancel':
      return 2;
    case 'recommend':
      return cmd.offers.length;
    case 'handOver':
      return 3;
    case 'effectDone':
    case 'effectFailed':
      return 0;
  }
}

export function clerkActionCount(commands: JourneyCommand[]): { total: number; byCommand: { type: JourneyCommand['type']; actions: number }[] } {
  const byCommand = commands.map((c) => ({ type: c.type, actions: actionsFor(c) })).filter((c) => c.actions > 0);
  return { total: byCommand.reduce((n, c) => n + c.actions, 0), byCommand };
}

/** Milliseconds spent in each step entered so far (the open step counts until `now`). */
export function stepDurations(s: JourneyState, now: number): Partial<Record<Step, number>> {
  const out: Partial<Record<Step, number>> = {};
  s.stepLog.forEach((e, i) => {
    if (e.step === 'closed' || e.step === 'cancelled') return;
    const end = s.stepLog[i + 1]?.at ?? now;
    out[e.step] = (out[e.step] ?? 0) + (end - e.at);
  });
  return out;
}
