/**
 * The counter screen. Before the first customer: the shift-start check (班前准备). Then F2 (or
 * Enter on the button) opens a journey and the clerk is led through the nine steps.
 */
import { Alert, Button, Card, List, Result, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftCheckResult } from '../../../base/contract/journey';
import { invoke } from '../client/client';
import { errText } from '../i18n';
import { JourneyScreen } from '../journey/JourneyScreen';
import { usePick } from '../journey/lang';
import type { CatalogView } from '../journey/steps/types';
import { useJourney } from '../journey/useJourney';

export function CounterPage() {
  const { t } = useTranslation();
  const pick = usePick();
  const hook = useJourney();
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  const [ready, setReady] = useState<boolean | null>(null);
  const [shift, setShift] = useState<ShiftCheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void invoke('catalog.get', {}).then(setCatalog, (e: unknown) => setError(errText(e)));
    void invoke('shift.status', {}).then((r) => setReady(r.ready));
  }, []);

  const runCheck = useCallback(async () => {
    setChecking(true);
    try {
      const r = await invoke('shift.run', {});
      setShift(r);
      setReady(r.result !== 'fail');
    } catch (e) {
      setError(errText(e));
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2' && ready && !hook.journey) {
        e.preventDefault();
        void hook.begin();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ready, hook]);

  if (hook.loading || ready === null) return <Spin />;
  if (hook.journey) return <JourneyScreen hook={hook} catalog={catalog} />;
  return (
    <div data-testid="counter-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {catalog?.error && <Alert type="warning" showIcon title={errText(catalog.error)} style={{ marginBottom: 12 }} data-testid="catalog-error" />}
      {!ready ? (
        <Card title={t('shift.title')} data-testid="shift-check">
          <Typography.Paragraph>{t('shift.intro')}</Typography.Paragraph>
          {shift && (
            <List
              dataSource={shift.items}
              renderItem={(i) => (
                <List.Item>
                  <Alert style={{ width: '100%' }} type={i.level === 'ok' ? 'success' : i.level === 'warn' ? 'warning' : 'error'} showIcon title={pick(i.text_zh, i.text_en)} data-testid={`shift-${i.item}`} />
                </List.Item>
              )}
            />
          )}
          <Button type="primary" size="large" autoFocus loading={checking} onClick={() => void runCheck()} data-testid="shift-run">
            {shift ? t('shift.again') : t('shift.run')}
          </Button>
        </Card>
      ) : (
        <Result
          status="info"
          title={t('shift.readyTitle')}
          subTitle={t('shift.readyHint')}
          extra={
            <Space orientation="vertical">
              {hook.error && <Alert type="error" showIcon title={errText(hook.error)} data-testid="journey-error" />}
              <Button type="primary" size="large" autoFocus loading={hook.busy} onClick={() => void hook.begin()} data-testid="new-customer">
                {t('shift.newCustomer')}
              </Button>
            </Space>
          }
        />
      )}
    </div>
  );
}
