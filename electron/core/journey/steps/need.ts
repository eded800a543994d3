/** ② 请坐询问何需要: the businesses the customer needs, taken from the catalog as it is now. */
import type { BusinessType } from '../../../../base/contract/catalog';
import { refuse } from '../errors';
import type { BusinessLine } from '../types';
import type { StepHandler } from './turn';

export const chooseBusinesses: StepHandler<'chooseBusinesses'> = (t, cmd) => {
  t.expect('need');
  const codes = [...new Set(cmd.codes)];
  if (codes.length === 0) {
    throw refuse('NO_BUSINESS', '请至少选择一项业务', 'Choose at least one business');
  }
  t.s.businesses = codes.map((code) => {
    const def = t.ctx.catalog.businesses.find((b) => b.code === code);
    if (!def) {
      throw refuse('UNKNOWN_BUSINESS', `业务目录中没有「${code}」— 请重新选择`, `The catalog has no business "${code}" — choose again`, { code });
    }
    return lineOf(def);
  });
};

/** The catalog entry as it was when chosen: a catalog reload mid-journey changes nothing. */
function lineOf(def: BusinessType): BusinessLine {
  return {
    code: def.code,
    def,
    // A business without copies needs no consent; one with copies waits for the answer.
    status: 'open',
    consent: null,
    fields: null,
    feeFen: 0,
    balanceRefundFen: 0,
    processedAt: null,
  };
}
