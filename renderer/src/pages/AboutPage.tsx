import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCore } from '../state/CoreContext';

export function AboutPage() {
  const { t } = useTranslation();
  const { info } = useCore();
  if (!info) return null;
  return (
    <div data-testid="about-page">
      <Typography.Title level={3}>{t('about.title')}</Typography.Title>
      <Descriptions column={1} bordered size="middle">
        <Descriptions.Item label={t('about.version')}>
          <span data-testid="app-version">{info.version}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('about.dataDir')}>{info.dataDir}</Descriptions.Item>
        <Descriptions.Item label={t('about.schema')}>
          <span data-testid="schema-version">{info.schemaVersion}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('about.transport')}>{info.transport}</Descriptions.Item>
        <Descriptions.Item label={t('about.training')}>{info.trainingMode ? t('about.yes') : t('about.no')}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}
