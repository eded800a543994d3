import { Alert, Button, Checkbox, Descriptions, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingCard } from '../../../../base/contract/card';
import { invoke, on } from '../../client/client';
import { personalDataRefusal } from '../../client/fieldRefusal';
import type { ErrorShape } from '../../../../base/contract/errors';
import { errText } from '../../i18n';
import { usePick } from '../lang';
import type { StepProps } from './types';

/**
 * ③ The card placed on the reader fills this step without a click. The full data shows here
 * and nowhere else; the clerk compares the face (photo, or the card itself when no decoder).
 */
export function VerifyStep({ act, busy, journey, catalog, error }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  const [card, setCard] = useState<PendingCard | null>(null);
  const [manual, setManual] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await invoke('journey.pendingCard', {});
      setCard(r.card);
      setLoadError(null);
    } catch (e) {
      setLoadError(errText(e));
    }
  }, []);
  useEffect(() => {
    void load();
    return on('card.read', () => void load());
  }, [load]);

  // The button says what Enter confirms: the face was compared and matches the card.
  const submit = useCallback(() => {
    if (card) void act({ type: 'verifyCard', faceConfirmed: true });
  }, [card, act]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (manual || e.key !== 'Enter' || e.target instanceof HTMLButtonElement) return;
      e.preventDefault();
      submit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [manual, submit]);

  const chosen = journey.businesses.map((b) => catalog?.businesses.find((c) => c.code === b.code)).filter((b) => !!b);
  const passwordAllowed = chosen.length > 0 && chosen.every((b) => b.id.service_password);

  if (manual) return <ManualEntry act={act} busy={busy} error={error ?? null} onBack={() => setManual(false)} />;
  return (
    <div data-testid="verify-step">
      {loadError && <Alert type="error" showIcon title={loadError} />}
      {!card ? (
        <Alert type="info" showIcon title={t('j.placeCard')} description={t('j.placeCardHint')} data-testid="verify-waiting" />
      ) : (
        <div data-testid="verify-card">
          <Descriptions bordered column={2} size="small">
            <Descriptions.Item label={t('j.name')}>
              <span data-testid="verify-name">{card.name}</span>
              {card.nameEn ? ` (${card.nameEn})` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('j.sex')}>{card.sex === 'male' ? t('j.male') : card.sex === 'female' ? t('j.female') : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('j.idNumber')} span={2}>
              <Typography.Text strong data-testid="verify-idnumber">
                {card.idNumber}
              </Typography.Text>{' '}
              {card.idNumberValid ? null : <Typography.Text type="danger">{t('j.idInvalid')}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('j.validTo')}>
              {card.validTo === 'long-term' ? t('j.longTerm') : card.validTo} {card.expired && <Typography.Text type="danger">{t('j.expired')}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('j.cardType')}>{t(`j.cardTypes.${card.cardType}`)}</Descriptions.Item>
          </Descriptions>
          <Alert
            style={{ marginTop: 12 }}
            type={card.photo.available ? 'success' : 'warning'}
            showIcon
            data-testid="verify-photo"
            title={card.photo.available ? t('j.photoShown') : pick(card.photo.reason_zh ?? '', card.photo.reason_en ?? '')}
          />
          {card.photo.available && card.photo.dataUrl && <img src={card.photo.dataUrl} alt={t('j.photoAlt')} width={102} height={126} />}
          <Typography.Paragraph strong style={{ marginTop: 12 }} className="big-choice">
            {t('j.faceCheck')}
          </Typography.Paragraph>
        </div>
      )}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" size="large" disabled={!card} loading={busy} onClick={submit} data-testid="verify-submit">
          {t('j.confirmId')}
        </Button>
        <Button onClick={() => setManual(true)} data-testid="verify-manual">
          {t('j.manualEntry')}
        </Button>
        {passwordAllowed && (
          <Button onClick={() => void act({ type: 'verifyServicePassword', confirmed: true })} data-testid="verify-password">
            {t('j.servicePassword')}
          </Button>
        )}
      </Space>
    </div>
  );
}

interface ManualForm {
  cardType: 'resident' | 'hmt-permit' | 'foreign-2017' | 'foreign-2023';
  name: string;
  sex: 'male' | 'female';
  idNumber: string;
  validTo: string;
  reason: string;
  faceConfirmed: boolean;
}

function ManualEntry({ act, busy, error, onBack }: { act: StepProps['act']; busy: boolean; error: ErrorShape | null; onBack(): void }) {
  const { t } = useTranslation();
  const pick = usePick();
  const reasonRefused = personalDataRefusal(error, 'reason');
  return (
    <Form<ManualForm>
      layout="vertical"
      initialValues={{ cardType: 'resident', sex: 'female', faceConfirmed: false }}
      onFinish={(v) =>
        void act({
          type: 'verifyManual',
          entry: { cardType: v.cardType, name: v.name, sex: v.sex, idNumber: v.idNumber.toUpperCase(), validTo: v.validTo },
          reason: v.reason,
          faceConfirmed: v.faceConfirmed,
        })
      }
      data-testid="manual-form"
    >
      <Alert type="warning" showIcon title={t('j.manualWarn')} style={{ marginBottom: 12 }} />
      <Form.Item name="cardType" label={t('j.cardType')}>
        <Select options={(['resident', 'hmt-permit', 'foreign-2017', 'foreign-2023'] as const).map((c) => ({ value: c, label: t(`j.cardTypes.${c}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('j.name')} rules={[{ required: true }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="sex" label={t('j.sex')}>
        <Radio.Group options={[{ value: 'female', label: t('j.female') }, { value: 'male', label: t('j.male') }]} />
      </Form.Item>
      <Form.Item name="idNumber" label={t('j.idNumber')} rules={[{ required: true }]}>
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="validTo" label={t('j.validTo')} rules={[{ required: true, pattern: /^(\d{4}-\d{2}-\d{2}|long-term)$/, message: 'YYYY-MM-DD / long-term' }]}>
        <Input placeholder="2035-06-01" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('j.manualReason')}
        rules={[{ required: true, min: 2 }]}
        {...(reasonRefused ? { validateStatus: 'error' as const, help: <span data-testid="manual-reason-error">{pick(reasonRefused.zh, reasonRefused.en)}</span> } : {})}
      >
        <Input placeholder={t('j.manualReasonHint')} data-testid="manual-reason" />
      </Form.Item>
      <Form.Item name="faceConfirmed" valuePropName="checked">
        <Checkbox>{t('j.faceMatches')}</Checkbox>
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('j.confirmId')}
        </Button>
        <Button onClick={onBack}>{t('j.back')}</Button>
      </Space>
    </Form>
  );
}
