/**
 * The floating guide's page (流动咨询, a tablet at the door, touch first): the business from the
 * catalog's groups → the documents it needs and "证件带齐了吗" → a ticket printed on the hall's
 * ticket printer (with a priority flag for the special counter), or a turned-away visit with
 * what to tell the customer; payments are offered the self-service machines first. The waiting
 * count per group stays live from the queue's stream.
 */
import { Alert, Button, Card, Input, Result, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuideGroup, IssuedTicket, TurnAwayReason, VisitView } from '../../../../base/contract/queue';
import { TURN_AWAY_REASONS } from '../../../../base/contract/queue';
import { call } from '../client';
import { errText } from '../i18n';
import { usePickHall } from './pick';
import { openQueueStream } from './stream';
import './i18n';
import './queue.css';

type Business = GuideGroup['businesses'][number];
type Stage =
  | { kind: 'pick' }
  | { kind: 'selfService'; business: Business }
  | { kind: 'check'; business: Business }
  | { kind: 'missing'; business: Business }
  | { kind: 'issued'; issued: IssuedTicket }
  | { kind: 'visit'; visit: VisitView };

export function GuidePage() {
  const { t } = useTranslation();
  const pick = usePickHall();
  const [groups, setGroups] = useState<GuideGroup[]>([]);
  const [stage, setStage] = useState<Stage>({ kind: 'pick' });
  const [priority, setPriority] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setGroups((await call('queue.guide', {})).groups);
    } catch (e) {
      setError(errText(e));
    }
  }, []);
  useEffect(() => {
    void load();
    return openQueueStream({ onChanged: () => void load(), onOpen: () => void load() });
  }, [load]);

  const act = async <T,>(f: () => Promise<T>, next: (v: T) => Stage) => {
    setBusy(true);
    setError(null);
    try {
      setStage(next(await f()));
      setPriority(false);
      setNote('');
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = (b: Business) => setStage(b.selfService ? { kind: 'selfService', business: b } : { kind: 'check', business: b });
  const issue = (b: Business) => act(() => call('queue.issue', { business: b.code, priority }), (issued) => ({ kind: 'issued', issued }));
  const back = () => {
    setStage({ kind: 'pick' });
    setError(null);
  };

  const priorityToggle = (
    <Space>
      <Switch checked={priority} onChange={setPriority} data-testid="guide-priority" />
      <Typography.Text style={{ fontSize: 18 }}>{t('queue.guide.priority')}</Typography.Text>
    </Space>
  );

  return (
    <div className="guide" data-testid="guide">
      <Typography.Title level={3}>{t('queue.guide.title')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="guide-error" />}

      {stage.kind === 'pick' && (
        <>
          <Typography.Title level={4}>{t('queue.guide.pickBusiness')}</Typography.Title>
          <div className="guide-groups">
            {groups.map((g) => (
              <div className="guide-group" key={g.code}>
                <h3>
                  <span>
                    <Tag color="blue" style={{ fontSize: 18, padding: '2px 8px' }}>{g.prefix}</Tag>
                    {pick(g.nameZh, g.nameEn)}
                  </span>
                  <Typography.Text type="secondary" data-testid={`guide-waiting-${g.code}`}>{t('queue.guide.waiting', { n: g.waiting })}</Typography.Text>
                </h3>
                {g.businesses.map((b) => (
                  <Button key={b.code} className="guide-business" size="large" onClick={() => choose(b)} data-testid={`guide-business-${b.code}`}>
                    {pick(b.nameZh, b.nameEn)}
                  </Button>
                ))}
              </div>
            ))}
          </div>
        </>
      )}

      {stage.kind === 'selfService' && (
        <Card>
          <Typography.Title level={4}>{pick(stage.business.nameZh, stage.business.nameEn)}</Typography.Title>
          <p className="guide-tell">{t('queue.guide.selfService')}</p>
          <Space wrap size="large">
            <Button type="primary" className="guide-big" loading={busy} onClick={() => void act(() => call('queue.selfService', { business: stage.business.code }), (visit) => ({ kind: 'visit', visit }))} data-testid="guide-self-service">
              {t('queue.guide.toSelfService')}
            </Button>
            <Button className="guide-big" onClick={() => setStage({ kind: 'check', business: stage.business })} data-testid="guide-still-ticket">
              {t('queue.guide.stillTicket')}
            </Button>
            <Button className="guide-big" onClick={back}>{t('queue.guide.back')}</Button>
          </Space>
        </Card>
      )}

      {stage.kind === 'check' && (
        <Card>
          <Typography.Title level={4}>{pick(stage.business.nameZh, stage.business.nameEn)}</Typography.Title>
          <Typography.Text strong style={{ fontSize: 18 }}>{t('queue.guide.documents')}</Typography.Text>
          <ul className="guide-docs" data-testid="guide-documents">
            {stage.business.documents.length === 0 && <li>{t('queue.guide.noDocuments')}</li>}
            {stage.business.documents.map((d) => (
              <li key={d.nameZh}>{pick(d.nameZh, d.nameEn)}</li>
            ))}
          </ul>
          <Typography.Title level={3} style={{ marginTop: 8 }}>{t('queue.guide.ask')}</Typography.Title>
          <Space orientation="vertical" size="large">
            {priorityToggle}
            <Space wrap size="large">
              <Button type="primary" className="guide-big" loading={busy} onClick={() => void issue(stage.business)} data-testid="guide-issue">
                {t('queue.guide.yes')}
              </Button>
              <Button danger className="guide-big" onClick={() => setStage({ kind: 'missing', business: stage.business })} data-testid="guide-missing">
                {t('queue.guide.no')}
              </Button>
              <Button className="guide-big" onClick={back} data-testid="guide-back">{t('queue.guide.back')}</Button>
            </Space>
          </Space>
        </Card>
      )}

      {stage.kind === 'missing' && (
        <Card>
          <Typography.Title level={4}>{t('queue.guide.reason')}</Typography.Title>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Input size="large" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} placeholder={t('queue.guide.note')} data-testid="guide-note" />
            <Space wrap size="large">
              {TURN_AWAY_REASONS.map((r: TurnAwayReason) => (
                <Button
                  key={r}
                  className="guide-big"
                  loading={busy}
                  onClick={() => void act(() => call('queue.turnAway', { business: stage.business.code, reason: r, ...(note.trim() ? { note: note.trim() } : {}) }), (visit) => ({ kind: 'visit', visit }))}
                  data-testid={`guide-reason-${r}`}
                >
                  {t(`queue.guide.reasons.${r}`)}
                </Button>
              ))}
              <Button className="guide-big" onClick={() => setStage({ kind: 'check', business: stage.business })}>{t('queue.guide.back')}</Button>
            </Space>
          </Space>
        </Card>
      )}

      {stage.kind === 'issued' && (
        <Card data-testid="guide-issued">
          <div className="guide-ticket" data-testid="guide-ticket">{stage.issued.ticket.label}</div>
          <Typography.Paragraph style={{ textAlign: 'center', fontSize: 22 }}>
            {pick(stage.issued.ticket.businessZh, stage.issued.ticket.businessEn)} · {t('queue.guide.ahead', { n: stage.issued.ahead })}
            {stage.issued.ticket.priority && <Tag color="gold" style={{ marginLeft: 8, fontSize: 16 }}>{t('queue.guide.priorityTag')}</Tag>}
          </Typography.Paragraph>
          {stage.issued.printed ? (
            <Alert type="success" showIcon title={t('queue.guide.printed')} data-testid="guide-printed" />
          ) : (
            <Alert type="warning" showIcon title={t('queue.guide.notPrinted', { reason: pick(stage.issued.printError?.message_zh ?? '', stage.issued.printError?.message_en ?? '') })} data-testid="guide-not-printed" />
          )}
          <div style={{ textAlign: 'center', marginTop: 24 }}>
            <Button type="primary" className="guide-big" onClick={back} autoFocus data-testid="guide-next">{t('queue.guide.next')}</Button>
          </div>
        </Card>
      )}

      {stage.kind === 'visit' && (
        <Card data-testid="guide-visit">
          <Result
            status={stage.visit.kind === 'self_service' ? 'success' : 'info'}
            title={stage.visit.kind === 'self_service' ? t('queue.guide.sentSelf') : t('queue.guide.turnedAway')}
            subTitle={t('queue.guide.tell')}
          />
          <p className="guide-tell" data-testid="guide-tell">{pick(stage.visit.tellZh, stage.visit.tellEn)}</p>
          <div style={{ textAlign: 'center', marginTop: 24 }}>
            <Button type="primary" className="guide-big" onClick={back} autoFocus data-testid="guide-next">{t('queue.guide.next')}</Button>
          </div>
        </Card>
      )}
    </div>
  );
}
