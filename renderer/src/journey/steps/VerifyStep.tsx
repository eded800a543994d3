import { Alert, Button, Checkbox, Form, Input, Radio, Select, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingCard } from '../../../../base/contract/card';
import { invoke, on } from '../../client/client';
import { personalDataRefusal } from '../../client/fieldRefusal';
import type { ErrorShape } from '../../../../base/contract/errors';
import { useKeys } from '../../components/useKeys';
import { errText } from '../../i18n';
import { usePick } from '../lang';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

/**
 * ③ The card placed on the reader fills this step without a click. The full data shows here
 * and nowhere else; the clerk compares the person with the photo — on screen when the photo
 * can be shown, otherwise on the card in her hand.
 */
export function VerifyStep({ act, busy, journey, catalog, error }: StepProps) {
  const { t } = useTranslation();
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
  useKeys((e) => {
    if (manual || e.key !== 'Enter' || e.target instanceof HTMLButtonElement) return;
    e.preventDefault();
    submit();
  });

  const chosen = journey.businesses.map((b) => catalog?.businesses.find((c) => c.code === b.code)).filter((b) => !!b);
  const passwordAllowed = chosen.length > 0 && chosen.every((b) => b.id.service_password);

  if (manual) return <ManualEntry act={act} busy={busy} error={error ?? null} onBack={() => setManual(false)} />;
  return (
    <StepLayout
      testId="verify-step"
      actions={
        <>
          <Button type="primary" size="large" disabled={!card} loading={busy} onClick={submit} className="primary-action" data-testid="verify-submit">
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
        </>
      }
    >
      {loadError && <Alert type="error" showIcon title={loadError} />}
      {!card ? (
        <Alert type="info" showIcon title={t('j.placeCard')} description={t('j.placeCardHint')} data-testid="verify-waiting" />
      ) : (
        <div className="verify-card" data-testid="verify-card">
          <div className="verify-photo">
            {card.photo.available && card.photo.dataUrl ? (
              <img src={card.photo.dataUrl} alt={t('j.photoAlt')} width={102} height={126} />
            ) : (
              <div className="photo-placeholder" aria-hidden>
                {t('j.photoOnCard')}
              </div>
            )}
          </div>
          <dl className="verify-fields">
            <dt>{t('j.name')}</dt>
            <dd className="wrap-anywhere">
              <span data-testid="verify-name">{card.name}</span>
              {card.nameEn ? <span className="name-en"> {card.nameEn}</span> : null}
            </dd>
            <dt>{t('j.sex')}</dt>
            <dd>{card.sex === 'male' ? t('j.male') : card.sex === 'female' ? t('j.female') : '—'}</dd>
            <dt>{t('j.idNumber')}</dt>
            <dd>
              <Typography.Text strong data-testid="verify-idnumber" className="id-number">
                {card.idNumber}
              </Typography.Text>{' '}
              {card.idNumberValid ? null : <Typography.Text type="danger">{t('j.idInvalid')}</Typography.Text>}
            </dd>
            <dt>{t('j.validTo')}</dt>
            <dd>
              {card.validTo === 'long-term' ? t('j.longTerm') : card.validTo} {card.expired && <Typography.Text type="danger">{t('j.expired')}</Typography.Text>}
            </dd>
            <dt>{t('j.cardType')}</dt>
            <dd>{t(`j.cardTypes.${card.cardType}`)}</dd>
          </dl>
        </div>
      )}
      {card && (
        <Alert
          className="verify-photo-note"
          type={card.photo.available ? 'success' : 'info'}
          showIcon
          data-testid="verify-photo"
          title={card.photo.available ? t('j.faceCheck') : t('j.faceCheckCard')}
        />
      )}
    </StepLayout>
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
      className="step-form"
      layout="vertical"
      initialValues={{ cardType: 'resident', sex: 'female', faceConfirmed: false }}
      onFinish={(v) =>
        void act({
          type: 'verifyManual',
          entry: { cardType: v.cardType, name: v.name.trim(), sex: v.sex, idNumber: v.idNumber.trim().toUpperCase(), validTo: v.validTo.trim() },
          reason: v.reason.trim(),
          faceConfirmed: v.faceConfirmed,
        })
      }
      data-testid="manual-form"
    >
      <StepLayout
        actions={
          <>
            <Button type="primary" htmlType="submit" size="large" loading={busy} className="primary-action" data-testid="manual-submit">
              {t('j.confirmId')}
            </Button>
            <Button onClick={onBack}>{t('j.back')}</Button>
          </>
        }
      >
        <Alert type="warning" showIcon title={t('j.manualWarn')} style={{ marginBottom: 8 }} />
        <div className="form-grid">
          <Form.Item name="cardType" label={t('j.cardType')}>
            <Select options={(['resident', 'hmt-permit', 'foreign-2017', 'foreign-2023'] as const).map((c) => ({ value: c, label: t(`j.cardTypes.${c}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('j.name')} rules={[{ required: true, whitespace: true, message: t('j.required') }]}>
            <Input autoFocus data-testid="manual-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('j.idNumber')} rules={[{ required: true, whitespace: true, message: t('j.required') }, { min: 6, message: t('j.badFormat') }]}>
            <Input maxLength={18} data-testid="manual-idnumber" />
          </Form.Item>
          <Form.Item name="validTo" label={t('j.validTo')} rules={[{ required: true, message: t('j.required') }, { pattern: /^\s*(\d{4}-\d{2}-\d{2}|long-term)\s*$/, message: t('j.validToRule') }]}>
            <Input placeholder="2035-06-01" data-testid="manual-validto" />
          </Form.Item>
          <Form.Item name="sex" label={t('j.sex')}>
            <Radio.Group options={[{ value: 'female', label: t('j.female') }, { value: 'male', label: t('j.male') }]} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('j.manualReason')}
            rules={[{ required: true, whitespace: true, message: t('j.required') }, { min: 2, message: t('j.reasonTooShort') }]}
            {...(reasonRefused ? { validateStatus: 'error' as const, help: <span data-testid="manual-reason-error">{pick(reasonRefused.zh, reasonRefused.en)}</span> } : {})}
          >
            <Input placeholder={t('j.manualReasonHint')} data-testid="manual-reason" />
          </Form.Item>
        </div>
        <Form.Item name="faceConfirmed" valuePropName="checked" rules={[{ validator: (_r, v) => (v === true ? Promise.resolve() : Promise.reject(new Error(t('j.mustConfirm')))) }]}>
          <Checkbox data-testid="manual-face">{t('j.faceMatches')}</Checkbox>
        </Form.Item>
      </StepLayout>
    </Form>
  );
}
