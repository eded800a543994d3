/**
 * ⑨ 起身送客道姓氏: the journey closes. The counter items its businesses used go to the till
 * (an effect, so a crash cannot lose or double them), and the close is audited for the reports.
 */
import { dueFen, liveLines } from '../facts';
import type { StepHandler } from './turn';

export const farewell: StepHandler<'farewell'> = (t) => {
  const { s, id, now } = t;
  t.expect('farewell');
  s.farewellAt = now;
  s.closedAt = now;
  // By the catalog entry as chosen: the till's count at settlement explains them.
  const used = liveLines(s).filter((l) => Object.values(l.def.items).some((n) => n > 0)).map((l) => ({ code: l.code, items: l.def.items }));
  if (used.length > 0) t.effects.push({ kind: 'useItems', key: `${id}:items`, journeyId: id, lines: used });
  t.audit('journey.closed', {
    businesses: liveLines(s).map((l) => l.code),
    blocked: s.businesses.filter((l) => l.status === 'consent_refused').map((l) => l.code),
    durationMs: now - s.openedAt,
    dueFen: dueFen(s),
    tender: s.payment?.tender ?? null,
    manualEntry: s.customer?.manualEntry ?? false,
  });
};
