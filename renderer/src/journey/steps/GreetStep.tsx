import { Alert, Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CounterQueueView } from '../../../../base/contract/counterQueue';
import { invoke } from '../../client/client';
import { typingIn, useKeys } from '../../components/useKeys';
import { errText } from '../../i18n';
import { usePick } from '../lang';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

/**
 * ① The customer arrives. With the hall's queue: N calls the next ticket of this counter's
 * groups, R recalls, X marks a no-show (after the configured calls), the transfer target is picked from its list
 * (Tab); Enter greets the
 * called customer and the journey starts with the ticket's business. Without the hall, the reason
 * is shown and the ticket number is typed, as before (optional). Enter greets.
 */
export function GreetStep({ act, busy, catalog }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  const [queue, setQueue] = useState<CounterQueueView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [target, setTarget] = useState<string | undefined>(undefined);
  const typedRef = useRef<InputRef>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  const run = useCallback(async (p: Promise<CounterQueueView>) => {
    setWorking(true);
    try {
      setQueue(await p);
      setError(null);
    } catch (e) {
      setError(errText(e));
    } finally {
      setWorking(false);
    }
  }, []);

  useEffect(() => {
    void run(invoke('queue.status', {}));
  }, [run]);

  const ticket = queue?.available ? queue.ticket : null;
  // The typed field has the focus from the start (Enter greets at once, as without a queue); once
  // the hall's queue answers, the call key takes it unless the clerk already typed a number.
  const available = queue?.available ?? false;
  useEffect(() => {
    if (!available || ticket) return;
    if (!typedRef.current?.input?.value) nextRef.current?.focus();
  }, [available, ticket]);
  const businessName = (code: string) => {
    const b = catalog?.businesses.find((x) => x.code === code);
    return b ? pick(b.name_zh, b.name_en) : code;
  };
  const greetTicket = useCallback(() => {
    if (ticket) void act({ type: 'greet', queueTicketId: ticket.ticketId });
  }, [act, ticket]);

  useKeys((e) => {
    if (!queue?.available || typingIn(e) || e.altKey || e.ctrlKey || e.metaKey || working) return;
    const k = e.key.toLowerCase();
    if (k === 'n' && !ticket) void run(invoke('queue.callNext', {}));
    else if (k === 'r' && ticket) void run(invoke('queue.recall', { ticketId: ticket.ticketId }));
    else if (k === 'x' && ticket) void run(invoke('queue.noShow', { ticketId: ticket.ticketId }));
    // A focused button takes its own Enter.
    else if (e.key === 'Enter' && ticket && !(e.target instanceof HTMLButtonElement)) greetTicket();
    else return;
    e.preventDefault();
  });

  const greetTyped = (v: { ticket?: string }) => void act({ type: 'greet', ticket: v.ticket?.trim() ? v.ticket.trim().toUpperCase() : null });

  return (
    <Form className="step-form" layout="vertical" onFinish={greetTyped}>
      <StepLayout
        actions={
          <>
            {ticket && (
              <Button type="primary" size="large" loading={busy} onClick={greetTicket} className="primary-action" data-testid="queue-greet">
                {t('q.arrived')} <Typography.Text keyboard>Enter</Typography.Text>
              </Button>
            )}
            <Button type={queue?.available ? 'default' : 'primary'} htmlType="submit" size="large" loading={busy} className={queue?.available ? undefined : 'primary-action'} data-testid="greet-submit">
              {queue?.available ? t('q.greetWithout') : t('j.greet')}
            </Button>
          </>
        }
      >
        <Typography.Paragraph className="step-question">{t('j.greetQuestion')}</Typography.Paragraph>
        {queue && !queue.available && queue.reason && (
          <Alert type="warning" showIcon title={t('q.offline')} description={pick(queue.reason.message_zh, queue.reason.message_en)} style={{ marginBottom: 8 }} data-testid="queue-offline" />
        )}
        {error && <Alert type="error" showIcon title={error} data-testid="queue-error" closable onClose={() => setError(null)} style={{ marginBottom: 8 }} />}
        {queue?.available && (
          <div className="queue-panel" data-testid="queue-panel">
            <Space size="large" align="center" wrap style={{ display: 'flex' }}>
              {ticket ? (
                <>
                  <Typography.Text className="queue-ticket" data-testid="queue-ticket">{ticket.label}</Typography.Text>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{businessName(ticket.businessCode)}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('q.called', { n: ticket.callCount, max: queue.noShowAfter })} {ticket.priority && <Tag color="gold">{t('q.priority')}</Tag>}
                    </Typography.Text>
                  </Space>
                </>
              ) : (
                <Typography.Text type="secondary" data-testid="queue-waiting">{t('q.waitingHere', { n: queue.waiting ?? 0 })}</Typography.Text>
              )}
            </Space>
            <Space wrap style={{ display: 'flex', marginTop: 12 }}>
              {!ticket && (
                <Button ref={nextRef} type="primary" size="large" loading={working} onClick={() => void run(invoke('queue.callNext', {}))} data-testid="queue-next">
                  {t('q.next')} <Typography.Text keyboard>N</Typography.Text>
                </Button>
              )}
              {ticket && (
                <>
                  <Button size="large" disabled={working || ticket.callCount >= queue.noShowAfter} onClick={() => void run(invoke('queue.recall', { ticketId: ticket.ticketId }))} data-testid="queue-recall">
                    {t('q.recall')} <Typography.Text keyboard>R</Typography.Text>
                  </Button>
                  <Button size="large" danger disabled={working || ticket.callCount < queue.noShowAfter} onClick={() => void run(invoke('queue.noShow', { ticketId: ticket.ticketId }))} data-testid="queue-noshow">
                    {t('q.noShow')} <Typography.Text keyboard>X</Typography.Text>
                  </Button>
                  <Select
                    placeholder={t('q.transferTo')}
                    value={target}
                    onChange={setTarget}
                    style={{ width: 180 }}
                    options={queue.targets.map((g) => ({ value: g.code, label: pick(g.nameZh, g.nameEn) }))}
                    data-testid="queue-target"
                  />
                  <Button size="large" disabled={!target || working} onClick={() => target && void run(invoke('queue.transfer', { ticketId: ticket.ticketId, to: target }))} data-testid="queue-transfer">
                    {t('q.transfer')}
                  </Button>
                </>
              )}
            </Space>
          </div>
        )}
        <Form.Item name="ticket" label={t('j.ticket')} extra={queue?.available ? undefined : t('j.ticketHint')} rules={[{ pattern: /^[A-Za-z]?\d{1,4}$/, message: t('j.ticketRule') }]}>
          <Input ref={typedRef} autoFocus placeholder="A023" data-testid="greet-ticket" style={{ width: 200 }} />
        </Form.Item>
      </StepLayout>
    </Form>
  );
}
