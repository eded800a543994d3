/** The counter screen: the service journey lives here. */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function CounterPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="counter-page">
      <Typography.Title level={3}>{t('nav.counter')}</Typography.Title>
    </div>
  );
}
