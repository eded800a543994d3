import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useKeys } from '../../components/useKeys';
import { usePick } from '../lang';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

/**
 * ⑨ Stand and see the customer off by surname: the line to say is on screen; Enter closes the
 * service, F2 (handled by the counter page, which begins journeys) closes it and greets the next.
 */
export function FarewellStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  useKeys((e) => {
    if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      void act({ type: 'farewell' });
    }
  });
  return (
    <StepLayout
      testId="farewell-step"
      actions={
        <>
          <Button type="primary" size="large" autoFocus loading={busy} onClick={() => void act({ type: 'farewell' })} className="primary-action" data-testid="farewell-submit">
            {t('j.finish')}
          </Button>
          <Typography.Text type="secondary" data-testid="farewell-next-hint">
            {t('j.finishNext')}
          </Typography.Text>
        </>
      }
    >
      <Typography.Paragraph className="step-question">{t('j.farewellHint')}</Typography.Paragraph>
      {journey.farewellLine && (
        <Typography.Title level={1} data-testid="farewell-say" className="farewell-say">
          {pick(journey.farewellLine.zh, journey.farewellLine.en)}
        </Typography.Title>
      )}
    </StepLayout>
  );
}
