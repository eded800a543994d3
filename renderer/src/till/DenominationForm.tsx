/**
 * Count by denomination: one row per note/coin, a running total, Enter moves down the rows
 * (numeric keypad habit). Used for the opening float and the blind count.
 */
import { Button, InputNumber, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DENOMINATIONS, type DenominationId } from '../../../base/contract/denominations';
import { yuan } from '../format';
import { usePick } from '../journey/lang';

export type Pieces = Partial<Record<DenominationId, number>>;

export function totalFen(p: Pieces): number {
  return DENOMINATIONS.reduce((s, d) => s + d.fen * (p[d.id] ?? 0), 0);
}

export function DenominationForm({ submitLabel, onSubmit, busy, testId }: { submitLabel: string; onSubmit(p: Pieces): void; busy?: boolean; testId: string }) {
  const { t } = useTranslation();
  const pick = usePick();
  const [pieces, setPieces] = useState<Pieces>({});
  const refs = useRef<(HTMLInputElement | null)[]>([]);
  const submitRef = useRef<HTMLButtonElement | null>(null);
  const row = (d: (typeof DENOMINATIONS)[number], idx: number) => (
    <div key={d.id} className="denom-row">
      <span className="denom-label">{pick(d.label_zh, d.label_en)}</span>
      <InputNumber
        min={0}
        max={100000}
        precision={0}
        value={pieces[d.id] ?? null}
        ref={(el) => {
          refs.current[idx] = el as unknown as HTMLInputElement | null;
        }}
        autoFocus={idx === 0}
        aria-label={`${pick(d.label_zh, d.label_en)} ${t('till.pieces')}`}
        data-testid={`count-${d.id}`}
        onChange={(v) => setPieces((p) => ({ ...p, [d.id]: typeof v === 'number' ? v : 0 }))}
        onPressEnter={(e) => {
          e.preventDefault();
          const next = refs.current[idx + 1];
          if (next) next.focus();
          else submitRef.current?.focus();
        }}
      />
      <span className="amount denom-sub">{yuan(d.fen * (pieces[d.id] ?? 0))}</span>
    </div>
  );
  // Notes beside coins: the whole count fits a 720-pixel-high counter screen, total and button in view.
  return (
    <div data-testid={testId} className="denom-form">
      <div className="denom-grid">
        <div className="denom-col">{DENOMINATIONS.map((d, i) => (d.kind === 'note' ? row(d, i) : null))}</div>
        <div className="denom-col">{DENOMINATIONS.map((d, i) => (d.kind === 'coin' ? row(d, i) : null))}</div>
      </div>
      <div className="count-total">
        <Typography.Text strong>{t('till.total')}</Typography.Text>
        <Typography.Text strong className="amount" data-testid={`${testId}-total`}>
          {yuan(totalFen(pieces))}
        </Typography.Text>
        <Button type="primary" size="large" ref={submitRef} loading={busy} onClick={() => onSubmit(pieces)} className="primary-action" data-testid={`${testId}-submit`}>
          {submitLabel}
        </Button>
      </div>
    </div>
  );
}
