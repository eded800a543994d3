import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePick } from '../lang';
import type { StepProps } from './types';

/** ⑨ Stand and see the customer off by surname: the line to say is on screen. */
export function FarewellStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  return (
    <div data-testid="farewell-step">
      {journey.farewellLine && (
        <Typography.Title level={1} data-testid="farewell-say">
          {pick(journey.farewellLine.zh, journey.farewellLine.en)}
        </Typography.Title>
      )}
      <Button type="primary" size="large" autoFocus loading={busy} onClick={() => void act({ type: 'farewell' })} data-testid="farewell-submit">
        {t('j.finish')}
      </Button>
    </div>
  );
}
