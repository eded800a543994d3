/** The counter screen: step rail | the current step's work | the customer card. Esc asks to cancel. */
import { Alert, Button, Col, Input, Modal, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errText } from '../i18n';
import { personalDataRefusal } from '../client/fieldRefusal';
import { CustomerCard } from './CustomerCard';
import { usePick } from './lang';
import { StepRail } from './StepRail';
import { MNEMONIC } from './steps';
import { ConsentStep } from './steps/ConsentStep';
import { FarewellStep } from './steps/FarewellStep';
import { GreetStep } from './steps/GreetStep';
import { HandoverStep } from './steps/HandoverStep';
import { NeedStep } from './steps/NeedStep';
import { PaymentStep } from './steps/PaymentStep';
import { ProcessStep } from './steps/ProcessStep';
import { RecommendStep } from './steps/RecommendStep';
import type { CatalogView, StepProps } from './steps/types';
import { VerifyStep } from './steps/VerifyStep';
import type { JourneyHook } from './useJourney';

const PANELS: Record<string, (p: StepProps) => React.ReactNode> = {
  greet: GreetStep,
  need: NeedStep,
  verify: VerifyStep,
  consent: ConsentStep,
  process: ProcessStep,
  payment: PaymentStep,
  recommend: RecommendStep,
  handover: HandoverStep,
  farewell: FarewellStep,
};

export function JourneyScreen({ hook, catalog }: { hook: JourneyHook; catalog: CatalogView | null }) {
  const { t } = useTranslation();
  const pick = usePick();
  const j = hook.journey!;
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !cancelling && !document.querySelector('.ant-modal-wrap')) {
        e.preventDefault();
        setCancelling(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cancelling]);

  const Panel = PANELS[j.step];
  const reasonRefused = cancelling ? personalDataRefusal(hook.error, 'reason') : null;
  const m = MNEMONIC[j.step];
  return (
    <Row gutter={16} data-testid="journey" data-step={j.step}>
      <Col flex="240px">
        <StepRail journey={j} />
      </Col>
      <Col flex="auto">
        <div className="work-area" data-testid={`step-${j.step}`}>
          {m && (
            <Typography.Title level={4} className="mnemonic" data-testid="mnemonic">
              {m.n} 「{pick(m.zh, m.en)}」
            </Typography.Title>
          )}
          {hook.error && (
            <Alert type="error" showIcon closable title={errText(hook.error)} onClose={hook.clearError} style={{ marginBottom: 12 }} data-testid="journey-error" />
          )}
          {j.cancel?.refund && j.cancel.refund.status === 'failed' && (
            <Button onClick={() => void hook.act({ type: 'retryRefund' })}>{t('j.retryRefund')}</Button>
          )}
          {Panel ? <Panel journey={j} catalog={catalog} busy={hook.busy} act={hook.act} error={hook.error} /> : null}
          <div className="keys-hint">
            <Typography.Text type="secondary">{t('j.keysHint')}</Typography.Text>
          </div>
        </div>
      </Col>
      <Col flex="300px">
        <CustomerCard journey={j} />
      </Col>
      <Modal
        open={cancelling}
        title={t('j.cancelTitle')}
        okText={t('j.cancelConfirm')}
        cancelText={t('j.cancelBack')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, ...({ 'data-testid': 'cancel-confirm' } as object) }}
        onOk={async () => {
          if (await hook.act({ type: 'cancel', reason: reason.trim() })) {
            setCancelling(false);
            setReason('');
          }
        }}
        onCancel={() => setCancelling(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('j.cancelText')}</Typography.Paragraph>
        <Input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('j.cancelReason')} status={reasonRefused ? 'error' : undefined} data-testid="cancel-reason" />
        {reasonRefused && (
          <Typography.Text type="danger" role="alert" data-testid="cancel-reason-error">
            {pick(reasonRefused.zh, reasonRefused.en)}
          </Typography.Text>
        )}
      </Modal>
    </Row>
  );
}
