/** ⑤ 业务受理快又好: each business's fields and fee, checked against its catalog entry. */
import { refuse } from '../errors';
import { blockedAlternatives } from '../facts';
import { checkBusinessInput } from '../fields';
import type { StepHandler } from './turn';

export const submitBusiness: StepHandler<'submitBusiness'> = (t, cmd) => {
  t.expect('process');
  const line = t.s.businesses.find((l) => l.code === cmd.code);
  if (!line) throw refuse('UNKNOWN_BUSINESS', `本次未选择业务「${cmd.code}」`, `Business "${cmd.code}" was not chosen`, { code: cmd.code });
  if (line.status === 'consent_refused') {
    const alt = blockedAlternatives(t.s).find((a) => a.code === line.code)!;
    throw refuse('CONSENT_REFUSED', alt.instead_zh, alt.instead_en, { code: line.code });
  }
  if (line.status === 'processed') {
    throw refuse('ALREADY_PROCESSED', `${line.def.name_zh}已受理`, `${line.def.name_en} is already processed`);
  }
  const done = checkBusinessInput(line.def, cmd.fields, cmd.feeFen, cmd.balanceRefundFen);
  line.fields = done.fields;
  line.feeFen = done.feeFen;
  line.balanceRefundFen = done.balanceRefundFen;
  line.status = 'processed';
  line.processedAt = t.now;
};
