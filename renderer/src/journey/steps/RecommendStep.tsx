import { Button, Input, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePick } from '../lang';
import type { StepProps } from './types';

type Outcome = 'accepted' | 'declined' | 'not_applicable';

/** ⑦ Offer at least one product and record how the customer answered. */
export function RecommendStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  const [answers, setAnswers] = useState<Record<string, Outcome | undefined>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const offers = journey.products
    .filter((p) => answers[p.code])
    .map((p) => ({ productCode: p.code, outcome: answers[p.code]!, ...(reasons[p.code] ? { reason: reasons[p.code] } : {}) }));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      const k = e.key.toLowerCase();
      const open = journey.products.find((p) => !answers[p.code]);
      if ((k === 'a' || k === 'd') && open) setAnswers({ ...answers, [open.code]: k === 'a' ? 'accepted' : 'declined' });
      else if (e.key === 'Enter' && offers.length > 0 && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        void act({ type: 'recommend', offers });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [journey.products, answers, offers, act]);
  return (
    <div data-testid="recommend-step">
      <Typography.Paragraph type="secondary">{t('j.recommendKeys')}</Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {journey.products.map((p) => (
          <div key={p.code} className="recommend-row">
            <Typography.Text strong style={{ minWidth: 200, display: 'inline-block' }}>
              {pick(p.name_zh, p.name_en)}
            </Typography.Text>
            <Radio.Group
              value={answers[p.code]}
              onChange={(e) => setAnswers({ ...answers, [p.code]: e.target.value as Outcome })}
              optionType="button"
              options={[
                { value: 'accepted', label: t('j.accepted') },
                { value: 'declined', label: t('j.declined') },
                { value: 'not_applicable', label: t('j.notApplicable') },
              ]}
              data-testid={`recommend-${p.code}`}
            />
            {answers[p.code] === 'not_applicable' && (
              <Input placeholder={t('j.naReason')} value={reasons[p.code] ?? ''} onChange={(e) => setReasons({ ...reasons, [p.code]: e.target.value })} style={{ width: 240, marginLeft: 8 }} />
            )}
          </div>
        ))}
      </Space>
      <Button type="primary" size="large" style={{ marginTop: 16 }} disabled={offers.length === 0} loading={busy} onClick={() => void act({ type: 'recommend', offers })} data-testid="recommend-submit">
        {t('j.next')}
      </Button>
    </div>
  );
}
