/** ④ 复印须告知目的并征得同意: the customer's answer to each copy, read out with its purpose. */
import { refuse } from '../errors';
import type { StepHandler } from './turn';

export const answerConsent: StepHandler<'answerConsent'> = (t, cmd) => {
  t.expect('consent');
  const line = t.s.businesses.find((l) => l.code === cmd.code);
  if (!line || line.def.copies.length === 0) {
    throw refuse('NO_COPY_NEEDED', '该业务无需复印证件', 'This business copies no documents', { code: cmd.code });
  }
  if (cmd.answer !== 'agreed' && cmd.answer !== 'refused') {
    throw refuse('CONSENT_ANSWER', '请选择客户同意或不同意', 'Record whether the customer agreed or refused');
  }
  line.consent = { answer: cmd.answer, at: t.now };
  line.status = cmd.answer === 'agreed' ? 'open' : 'consent_refused';
  t.s.consentLog.push({ code: line.code, answer: cmd.answer, at: t.now });
  if (cmd.answer === 'refused') t.audit('journey.consent_refused', { business: line.code });
};
