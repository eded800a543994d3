/**
 * The counter screen: step rail | the current step's work | the customer card, sized to fit a
 * 1366×768 or 1280×720 counter monitor without scrolling. Esc asks to cancel (with a reason;
 * Enter confirms it).
 */
import { Alert, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatusKeys } from '../components/statusKeys';
import { useKeys } from '../components/useKeys';
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
  useStatusKeys(t('status.keysJourney'));

  useKeys((e) => {
    if (e.key === 'Escape' && !cancelling) {
      e.preventDefault();
      setCancelling(true);
    }
  });

  const Panel = PANELS[j.step];
  const reasonRefused = cancelling ? personalDataRefusal(hook.error, 'reason') : null;
  const m = MNEMONIC[j.step];
  return (
    <div className="journey" data-testid="journey" data-step={j.step}>
      <StepRail journey={j} />
      <section className="work-area" data-testid={`step-${j.step}`}>
        {m && (
          <Typography.Title level={4} className="mnemonic" data-testid="mnemonic">
            {m.n} 「{pick(m.zh, m.en)}」
          </Typography.Title>
        )}
        {hook.error && <Alert type="error" showIcon closable title={errText(hook.error)} onClose={hook.clearError} className="step-error" data-testid="journey-error" />}
        {j.cancel?.refund && j.cancel.refund.status === 'failed' && (
          <Button onClick={() => void hook.act({ type: 'retryRefund' })}>{t('j.retryRefund')}</Button>
        )}
        {Panel ? <Panel journey={j} catalog={catalog} busy={hook.busy} act={hook.act} error={hook.error} reload={hook.reload} requestCancel={() => setCancelling(true)} /> : null}
      </section>
      <CustomerCard journey={j} />
      <CancelDialog
        open={cancelling}
        onClose={() => setCancelling(false)}
        onConfirm={(reason) => hook.act({ type: 'cancel', reason })}
        busy={hook.busy}
        error={cancelling && hook.error ? errText(hook.error) : null}
        refusal={reasonRefused && pick(reasonRefused.zh, reasonRefused.en)}
      />
    </div>
  );
}

/** Esc: cancel this customer's service with a reason; Enter confirms, Esc goes back to serving. */
function CancelDialog(p: { open: boolean; onClose(): void; onConfirm(reason: string): Promise<boolean>; busy: boolean; error: string | null; refusal: string | null }) {
  const { open, onClose, onConfirm, busy } = p;
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = async () => {
    const r = reason.trim();
    if (r.length < 2) {
      setProblem(t('j.cancelReasonRule'));
      return;
    }
    setProblem(null);
    if (await onConfirm(r)) {
      setReason('');
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={t('j.cancelTitle')}
      okText={t('j.cancelConfirm')}
      cancelText={t('j.cancelBack')}
      confirmLoading={busy}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'cancel-confirm' } as object) }}
      onOk={() => void confirm()}
      onCancel={() => {
        setProblem(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('j.cancelText')}</Typography.Paragraph>
      <Input
        autoFocus
        value={reason}
        status={problem || p.refusal ? 'error' : undefined}
        onChange={(e) => setReason(e.target.value)}
        onPressEnter={(e) => {
          e.preventDefault();
          void confirm();
        }}
        placeholder={t('j.cancelReason')}
        data-testid="cancel-reason"
      />
      {/* An ID, mobile or bank-card number in the reason: what to write instead, next to the field. */}
      {!problem && p.refusal ? (
        <Typography.Text type="danger" role="alert" data-testid="cancel-reason-error">
          {p.refusal}
        </Typography.Text>
      ) : (problem ?? p.error) && (
        <Typography.Text type="danger" data-testid="cancel-problem">
          {problem ?? p.error}
        </Typography.Text>
      )}
    </Modal>
  );
}
