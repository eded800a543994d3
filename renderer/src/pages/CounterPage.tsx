/**
 * The counter screen. Before the first customer of a till session: the shift-start check
 * (班前准备, F2 runs it), each item's result kept in view. Then F2 (or Enter on the button) opens
 * a journey and the clerk is led through the nine steps; after the farewell a short line says
 * the service is done (F2 at the farewell sees the customer off and greets the next at once). After the day's settlement: 今日已结账.
 */
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Result, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftCheckResult, ShiftStatus } from '../../../base/contract/journey';
import { invoke, on } from '../client/client';
import { useKeys } from '../components/useKeys';
import { duration, hhmm } from '../format';
import { errText } from '../i18n';
import { JourneyScreen } from '../journey/JourneyScreen';
import { usePick } from '../journey/lang';
import type { CatalogView } from '../journey/steps/types';
import { useJourney, type LastService } from '../journey/useJourney';

export function CounterPage() {
  const { t } = useTranslation();
  const hook = useJourney();
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  const [status, setStatus] = useState<ShiftStatus | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadStatus = useCallback(async () => {
    try {
      setStatus(await invoke('shift.status', {}));
    } catch (e) {
      setError(errText(e));
    }
  }, []);
  useEffect(() => {
    void invoke('catalog.get', {}).then(setCatalog, (e: unknown) => setError(errText(e)));
    void loadStatus();
    // The till opened, was settled or reopened: the check and the day's state follow.
    return on('till.changed', () => void loadStatus());
  }, [loadStatus]);

  const runCheck = useCallback(async () => {
    setChecking(true);
    setError(null);
    try {
      await invoke('shift.run', {});
      await loadStatus();
    } catch (e) {
      setError(errText(e));
    } finally {
      setChecking(false);
    }
  }, [loadStatus]);

  const open = hook.journey && hook.journey.step !== 'closed' && hook.journey.step !== 'cancelled' ? hook.journey : null;
  useKeys((e) => {
    if (e.key !== 'F2' || !status) return;
    if (open) {
      // ⑨ F2 sees this customer off and greets the next one: one key between two customers.
      if (open.step !== 'farewell' || hook.busy) return;
      e.preventDefault();
      void hook.act({ type: 'farewell' }).then((done) => (done ? hook.begin() : undefined));
      return;
    }
    e.preventDefault();
    if (status.ready) void hook.begin();
    else if (status.till !== 'settled' && !checking) void runCheck();
  });

  if (hook.loading || status === null) return error ? <Alert type="error" showIcon title={error} /> : <Spin />;
  if (open) return <JourneyScreen hook={hook} catalog={catalog} />;
  return (
    <div className="counter-page" data-testid="counter-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {catalog?.error && <Alert type="warning" showIcon title={errText(catalog.error)} style={{ marginBottom: 8 }} data-testid="catalog-error" />}
      {status.till === 'settled' ? (
        <Result status="success" title={status.zNo ? t('shift.settledZ', { z: status.zNo }) : t('shift.settled')} subTitle={t('shift.settledHint')} data-testid="day-settled" />
      ) : !status.ready ? (
        <Card title={t('shift.title')} data-testid="shift-check" className="shift-card">
          <Typography.Paragraph>{status.till === 'none' ? t('shift.introNoTill') : t('shift.intro')}</Typography.Paragraph>
          {status.check && <CheckItems check={status.check} />}
          <Button type="primary" size="large" autoFocus loading={checking} onClick={() => void runCheck()} className="primary-action" data-testid="shift-run">
            {status.check ? t('shift.again') : t('shift.run')}
          </Button>
        </Card>
      ) : (
        <div className="ready-screen">
          {hook.last && <ServiceDone last={hook.last} />}
          <Typography.Title level={3}>{t('shift.readyTitle')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('shift.readyHint')}</Typography.Paragraph>
          {hook.error && <Alert type="error" showIcon title={errText(hook.error)} data-testid="journey-error" style={{ marginBottom: 8 }} />}
          <Button type="primary" size="large" autoFocus loading={hook.busy} onClick={() => void hook.begin()} className="primary-action" data-testid="new-customer">
            {t('shift.newCustomer')}
          </Button>
          {status.check && (
            <div className="ready-check">
              <Typography.Text type="secondary">{t('shift.checkedAt', { at: hhmm(status.check.at) })}</Typography.Text>
              <CheckItems check={status.check} compact />
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** Each item of the shift-start check with its result, in words and a coloured mark. */
function CheckItems({ check, compact }: { check: ShiftCheckResult; compact?: boolean }) {
  const pick = usePick();
  return (
    <ul className={compact ? 'check-items compact' : 'check-items'} data-testid="shift-items">
      {check.items.map((i) => (
        <li key={i.item} className={`check-${i.level}`} data-testid={`shift-${i.item}`} data-level={i.level}>
          {i.level === 'ok' ? <CheckCircleFilled /> : i.level === 'warn' ? <ExclamationCircleFilled /> : <CloseCircleFilled />}
          <span>{pick(i.text_zh, i.text_en)}</span>
        </li>
      ))}
    </ul>
  );
}

/** 服务完成 · 用时 3 分 12 秒 · 今日第 18 位 — after the farewell, until the next customer. */
function ServiceDone({ last }: { last: LastService }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      className="service-done"
      data-testid="service-done"
      title={t('shift.serviceDone', { took: duration(last.durationMs, i18n.language), n: last.ordinalToday })}
    />
  );
}
