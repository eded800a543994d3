import { Alert, Button, Card, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyView } from '../../../../base/contract/journey';
import { usePick } from '../lang';
import type { StepProps } from './types';

/** ④ Read the purpose out, then record the answer: Y agrees, N refuses. Nothing is copied without it. */
export function ConsentStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  const open = journey.consentPrompts.find((p) => p.answer === null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      const k = e.key.toLowerCase();
      if (k === 'y') void act({ type: 'answerConsent', code: open.code, answer: 'agreed' });
      else if (k === 'n') void act({ type: 'answerConsent', code: open.code, answer: 'refused' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, act]);
  return (
    <div data-testid="consent-step">
      {journey.consentPrompts.map((p) => (
        <Card key={p.code} size="small" title={pick(p.name_zh, p.name_en)} style={{ marginBottom: 12 }}>
          {p.documents.map((d) => (
            <div key={d.name_zh} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{pick(d.name_zh, d.name_en)}</Typography.Text>
              <Typography.Paragraph className="read-out" data-testid={`consent-purpose-${p.code}`}>
                「{pick(d.purpose_zh, d.purpose_en)}」
              </Typography.Paragraph>
            </div>
          ))}
          {p.answer === null ? (
            <Space>
              <Button type="primary" size="large" loading={busy} onClick={() => void act({ type: 'answerConsent', code: p.code, answer: 'agreed' })} data-testid={`consent-agree-${p.code}`}>
                {t('j.agree')} (Y)
              </Button>
              <Button danger size="large" loading={busy} onClick={() => void act({ type: 'answerConsent', code: p.code, answer: 'refused' })} data-testid={`consent-refuse-${p.code}`}>
                {t('j.refuse')} (N)
              </Button>
            </Space>
          ) : (
            <Typography.Text type={p.answer === 'agreed' ? 'success' : 'danger'}>{p.answer === 'agreed' ? t('j.agreed') : t('j.refused')}</Typography.Text>
          )}
        </Card>
      ))}
      {journey.blocked.length > 0 && <Alert type="warning" showIcon title={t('j.blockedTitle')} description={<BlockedList blocked={journey.blocked} />} data-testid="consent-blocked" />}
    </div>
  );
}

export function BlockedList({ blocked }: { blocked: JourneyView['blocked'] }) {
  const pick = usePick();
  return (
    <ul style={{ margin: 0 }}>
      {blocked.map((b) => (
        <li key={b.code} data-testid={`blocked-${b.code}`}>
          {pick(b.name_zh, b.name_en)}：{pick(b.instead_zh, b.instead_en)}
        </li>
      ))}
    </ul>
  );
}
