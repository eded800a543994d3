/**
 * Left: the nine steps, compact enough for a 720-pixel-high screen. Each is numbered once (the
 * circled digit); done ones ticked with the time they were left, the current one highlighted,
 * skipped ones greyed with why.
 */
import { CheckOutlined } from '@ant-design/icons';
import type { JourneyView } from '../../../base/contract/journey';
import { hhmm } from '../format';
import { usePick } from './lang';
import { MNEMONIC } from './steps';

export function StepRail({ journey }: { journey: JourneyView }) {
  const pick = usePick();
  return (
    <nav aria-label="steps" data-testid="step-rail" className="step-rail">
      <ol>
        {journey.rail.map((r) => {
          const m = MNEMONIC[r.step];
          const reason = r.reason_zh ? pick(r.reason_zh, r.reason_en ?? r.reason_zh) : null;
          return (
            <li key={r.step} className={`rail-item ${r.status}`} aria-current={r.status === 'current' ? 'step' : undefined}>
              <span className="rail-n" aria-hidden>
                {r.status === 'done' ? <CheckOutlined /> : m?.n}
              </span>
              <span className="rail-text">
                <span data-testid={`rail-${r.step}`} data-status={r.status} className="rail-name">
                  {m ? `${r.status === 'done' ? `${m.n} ` : ''}${pick(m.short_zh, m.short_en)}` : r.step}
                </span>
                {r.status === 'skipped' && reason && (
                  <span className="rail-why" title={reason}>
                    {reason}
                  </span>
                )}
              </span>
              {r.status === 'done' && <span className="rail-time">{hhmm(r.leftAt ?? r.enteredAt)}</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
