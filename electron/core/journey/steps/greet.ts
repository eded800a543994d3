/** ① 起立迎候笑问好: the customer is greeted; a queue ticket, if any, is noted. */
import { refuse } from '../errors';
import type { StepHandler } from './turn';

export const greet: StepHandler<'greet'> = (t, cmd) => {
  t.expect('greet');
  const ticket = (cmd.ticket ?? '').trim().toUpperCase();
  if (ticket && !/^[A-Z]{0,2}\d{1,4}$/.test(ticket)) {
    throw refuse('TICKET_INVALID', '号票格式不对（如 A023）— 请重新输入或留空', 'The queue ticket looks wrong (e.g. A023) — type it again or leave it empty');
  }
  t.s.ticket = ticket || null;
  t.s.greetedAt = t.now;
};
