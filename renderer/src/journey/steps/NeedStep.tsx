import { Button, Checkbox, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../format';
import { usePick } from '../lang';
import type { StepProps } from './types';

/** ② What does the customer need? Digits 1–9 toggle a business, Enter goes on. */
export function NeedStep({ act, busy, catalog, journey }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  // A journey started from a hall ticket starts with the ticket's business chosen.
  const [chosen, setChosen] = useState<string[]>(() => (journey.queue ? [journey.queue.businessCode] : []));
  const list = catalog?.businesses ?? [];
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement && e.target.type === 'text') return;
      const n = Number(e.key);
      if (n >= 1 && n <= list.length) {
        const code = list[n - 1]!.code;
        setChosen((c) => (c.includes(code) ? c.filter((x) => x !== code) : [...c, code]));
      } else if (e.key === 'Enter' && chosen.length > 0) {
        e.preventDefault();
        void act({ type: 'chooseBusinesses', codes: chosen });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list, chosen, act]);
  return (
    <div>
      <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} style={{ width: '100%' }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {list.map((b, i) => (
            <Checkbox key={b.code} value={b.code} data-testid={`need-${b.code}`} className="big-choice">
              <Typography.Text keyboard>{i + 1}</Typography.Text> {pick(b.name_zh, b.name_en)}
              {b.fee.kind === 'fixed' && <Typography.Text type="secondary"> · {yuan(b.fee.fen)}</Typography.Text>}
              {b.id.required && <Typography.Text type="secondary"> · {t('j.needsId')}</Typography.Text>}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
      <div style={{ marginTop: 16 }}>
        <Button type="primary" size="large" disabled={chosen.length === 0} loading={busy} onClick={() => void act({ type: 'chooseBusinesses', codes: chosen })} data-testid="need-submit">
          {t('j.next')}
        </Button>
      </div>
    </div>
  );
}
