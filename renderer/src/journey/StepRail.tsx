/** Left: the nine steps with their mnemonic lines; done ones ticked with the time, skipped ones greyed with why. */
import { Steps } from 'antd';
import type { JourneyView } from '../../../base/contract/journey';
import { hhmm } from '../format';
import { usePick } from './lang';
import { MNEMONIC } from './steps';

export function StepRail({ journey }: { journey: JourneyView }) {
  const pick = usePick();
  const current = journey.rail.findIndex((r) => r.status === 'current');
  return (
    <nav aria-label="steps" data-testid="step-rail">
      <Steps
        orientation="vertical"
        size="small"
        current={current < 0 ? journey.rail.length : current}
        items={journey.rail.map((r) => {
          const m = MNEMONIC[r.step];
          const reason = r.reason_zh ? pick(r.reason_zh, r.reason_en ?? r.reason_zh) : null;
          return {
            title: (
              <span data-testid={`rail-${r.step}`} data-status={r.status}>
                {m ? `${m.n} ${pick(m.zh, m.en)}` : r.step}
              </span>
            ),
            description: r.status === 'skipped' ? reason : r.status === 'done' ? hhmm(r.leftAt ?? r.enteredAt) : undefined,
            status: r.status === 'done' ? 'finish' : r.status === 'current' ? 'process' : 'wait',
            disabled: r.status === 'skipped',
          };
        })}
      />
    </nav>
  );
}
