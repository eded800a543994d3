import { Button, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { typingIn, useKeys } from '../../components/useKeys';
import { usePick } from '../lang';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

type Outcome = 'accepted' | 'declined' | 'not_applicable';

/** ⑦ Offer at least one product and record how the customer answered: A accepted, D declined, Enter goes on. */
export function RecommendStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  const [answers, setAnswers] = useState<Record<string, Outcome | undefined>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const offers = journey.products
    .filter((p) => answers[p.code])
    .map((p) => ({ productCode: p.code, outcome: answers[p.code]!, ...(reasons[p.code]?.trim() ? { reason: reasons[p.code]!.trim() } : {}) }));
  const submit = () => {
    if (offers.length === 0) return setProblem(t('j.recommendOne'));
    if (offers.some((o) => o.outcome === 'not_applicable' && !o.reason)) return setProblem(t('j.naReasonRequired'));
    setProblem(null);
    void act({ type: 'recommend', offers });
  };
  useKeys((e) => {
    if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      submit();
      return;
    }
    if (typingIn(e) || e.ctrlKey || e.altKey || e.metaKey) return;
    const k = e.key.toLowerCase();
    const open = journey.products.find((p) => !answers[p.code]);
    if ((k === 'a' || k === 'd') && open) {
      // Drawn at once: an Enter right behind the answer already records it.
      flushSync(() => {
        setProblem(null);
        setAnswers({ ...answers, [open.code]: k === 'a' ? 'accepted' : 'declined' });
      });
    }
  });
  return (
    <StepLayout
      testId="recommend-step"
      actions={
        <>
          <Button type="primary" size="large" loading={busy} onClick={submit} className="primary-action" data-testid="recommend-submit">
            {t('j.nextEnter')}
          </Button>
          {problem && <Typography.Text type="danger" data-testid="recommend-problem">{problem}</Typography.Text>}
        </>
      }
    >
      <Typography.Paragraph type="secondary" className="step-question">{t('j.recommendKeys')}</Typography.Paragraph>
      {journey.products.map((p) => (
        <div key={p.code} className="recommend-row">
          <Typography.Text strong className="recommend-name">
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
            <Input placeholder={t('j.naReason')} value={reasons[p.code] ?? ''} onChange={(e) => setReasons({ ...reasons, [p.code]: e.target.value })} style={{ width: 220 }} />
          )}
        </div>
      ))}
    </StepLayout>
  );
}
