/** The database could not be opened (newer schema, corrupt file, read-only folder): say so plainly. */
import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrorShape } from '../../../base/contract/errors';
import { errText } from '../i18n';

export function StorageErrorScreen({ error }: { error: ErrorShape }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      data-testid="storage-error"
      title={t('error.storageTitle')}
      subTitle={
        <>
          <Typography.Paragraph data-testid="storage-error-message">{errText(error)}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('error.storageHint')}</Typography.Paragraph>
          <Typography.Text code>{error.code}</Typography.Text>
        </>
      }
    />
  );
}
