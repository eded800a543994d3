/**
 * F5 till panel: open with the float, drops and cash in/out, live non-cash totals, then the blind
 * count, settlement (with the duty manager's approval when early or beyond tolerance) and handover.
 * The workflow lives in useTill(); this only draws it.
 */
import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNTABLE_ITEMS, ITEM_LABELS } from '../../../base/contract/items';
import { EARLY_REASON_CODES } from '../../../base/contract/till';
import type { MethodInput } from '../../../base/contract/methods';
import { invoke } from '../client/client';
import { ApprovalDialog } from '../components/ApprovalDialog';
import { parseYuan, yuan } from '../format';
import { errText } from '../i18n';
import { usePick } from '../journey/lang';
import { useSession } from '../state/SessionContext';
import { DenominationForm } from './DenominationForm';
import { useTill, type ItemCounts } from './useTill';

export function TillPanel() {
  const { t } = useTranslation();
  const { session } = useSession();
  const till = useTill();
  const { status, error, count } = till;

  if (!status) return error ? <Alert type="error" showIcon title={errText(error)} data-testid="till-error" /> : null;
  const s = status.session;
  // Settled here: the handover shows at once, before the next status says so too.
  const settled = till.settled !== null || s?.status === 'settled';
  return (
    <div data-testid="till-panel" className="till-panel">
      <Typography.Title level={3}>{t('till.title')}</Typography.Title>
      {error && <Alert type="error" showIcon closable onClose={till.clearError} title={errText(error)} style={{ marginBottom: 12 }} data-testid="till-error" />}
      {!s || settled ? (
        settled ? (
          <Handover zNo={till.settled?.zNo ?? s?.settlement?.zNo ?? 0} countedFen={s?.settlement?.countedFen ?? count?.countedFen ?? 0} />
        ) : (
          <Card title={t('till.openTitle')}>
            <Typography.Paragraph>{t('till.openHint')}</Typography.Paragraph>
            <ItemInputs prefix="open-item" value={till.openItems} onChange={till.setOpenItems} />
            <DenominationForm testId="open-float" submitLabel={t('till.openSubmit')} busy={till.busy} onSubmit={till.open} />
          </Card>
        )
      ) : (
        <Row gutter={16}>
          <Col span={12}>
            <Card title={t('till.session')} size="small">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('till.businessDay')}>{s.businessDay}</Descriptions.Item>
                <Descriptions.Item label={t('till.float')}>
                  <span className="amount">{yuan(s.floatFen)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('till.movements')}>{s.movements}</Descriptions.Item>
                {status.manager && (
                  <Descriptions.Item label={t('till.expected')}>
                    <span className="amount" data-testid="till-expected">
                      {yuan(status.manager.expectedCashFen)}
                    </span>
                  </Descriptions.Item>
                )}
              </Descriptions>
              <Typography.Text type="secondary">{status.manager ? t('till.expectedManagerOnly') : t('till.blindHint')}</Typography.Text>
            </Card>
            <Card title={t('till.nonCash')} size="small" style={{ marginTop: 12 }}>
              <Space size="large">
                {Object.entries(status.nonCash ?? {}).map(([k, v]) => (
                  <Statistic key={k} title={t(`j.tenders.${k}`)} value={yuan(v.netFen)} />
                ))}
              </Space>
            </Card>
            <MovementForm busy={till.busy} onSubmit={till.movement} />
          </Col>
          <Col span={12}>
            {!till.counting && !count && (
              <Card title={t('till.settleTitle')} size="small">
                <Typography.Paragraph>{t('till.settleHint')}</Typography.Paragraph>
                <Button type="primary" size="large" autoFocus onClick={till.startCount} data-testid="till-start-count">
                  {t('till.startCount')}
                </Button>
              </Card>
            )}
            {till.counting && !count && (
              <Card title={t('till.blindCount')} size="small">
                <ItemInputs prefix="count-item" value={till.countItems} onChange={till.setCountItems} />
                <DenominationForm testId="blind-count" submitLabel={t('till.submitCount')} busy={till.busy} onSubmit={(p) => void till.submitCount(p)} />
              </Card>
            )}
            {count && <CountCard till={till} />}
          </Col>
        </Row>
      )}
      <ApprovalDialog
        open={till.pending !== null}
        title={till.pending?.kind === 'early' ? t('till.earlyTitle') : t('till.varianceTitle')}
        explanation={error ? errText(error) : ''}
        reasons={till.pending?.kind === 'early' ? EARLY_REASON_CODES.map((r) => ({ value: r, label: t(`till.reasons.${r}`) })) : undefined}
        error={till.pending?.error ?? null}
        onApprove={till.approve}
        onCancel={till.cancelApproval}
      />
      {session && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('till.who', { no: session.staffNo })}</Typography.Paragraph>}
    </div>
  );
}

/** The counter items, counted at open and again with the blind count. */
function ItemInputs({ prefix, value, onChange }: { prefix: string; value: ItemCounts; onChange(v: ItemCounts): void }) {
  const pick = usePick();
  return (
    <Space style={{ marginBottom: 12 }} wrap>
      {ACCOUNTABLE_ITEMS.map((it) => (
        <span key={it}>
          {pick(ITEM_LABELS[it].zh, ITEM_LABELS[it].en)}{' '}
          <InputNumber min={0} max={100000} value={value[it]} onChange={(v) => onChange({ ...value, [it]: typeof v === 'number' ? v : 0 })} data-testid={`${prefix}-${it}`} />
        </span>
      ))}
    </Space>
  );
}

/** The blind count's result: now the expected cash and the variance show, item by item too. */
function CountCard({ till }: { till: ReturnType<typeof useTill> }) {
  const { t } = useTranslation();
  const pick = usePick();
  const count = till.count!;
  return (
    <Card title={t('till.countResult')} size="small" data-testid="count-result">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('till.counted')}>{yuan(count.countedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('till.expected')}>{yuan(count.expectedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('till.variance')}>
          <span data-testid="count-variance">
            {count.varianceFen === 0 ? t('till.balanced') : count.varianceFen > 0 ? `${t('till.over')} ${yuan(count.varianceFen)}` : `${t('till.short')} ${yuan(-count.varianceFen)}`}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        pagination={false}
        rowKey="item"
        dataSource={count.items}
        columns={[
          { title: t('till.item'), render: (_v, l) => pick(ITEM_LABELS[l.item].zh, ITEM_LABELS[l.item].en) },
          { title: t('till.itemOpening'), dataIndex: 'opening' },
          { title: t('till.itemUsed'), dataIndex: 'used' },
          { title: t('till.itemExpected'), dataIndex: 'expected' },
          { title: t('till.counted'), dataIndex: 'counted' },
          { title: t('till.itemDifference'), render: (_v, l) => <span data-testid={`item-diff-${l.item}`}>{l.difference ?? ''}</span> },
        ]}
      />
      {!count.withinTolerance && <Alert type="warning" showIcon title={t('till.beyondTolerance', { tol: yuan(count.toleranceFen) })} style={{ margin: '8px 0' }} />}
      <Space>
        <Button type="primary" size="large" autoFocus loading={till.busy} onClick={() => void till.settle()} data-testid="till-settle">
          {t('till.settle')}
        </Button>
        <Button onClick={till.recount}>{t('till.recount')}</Button>
      </Space>
    </Card>
  );
}

function MovementForm({ busy, onSubmit }: { busy: boolean; onSubmit(m: MethodInput<'till.movement'>): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: 'drop' | 'cash_in' | 'cash_out'; amount: string; ref: string }>();
  const kind = Form.useWatch('kind', form) ?? 'drop';
  return (
    <Card title={t('till.movementTitle')} size="small" style={{ marginTop: 12 }} className="movement-card">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'drop' }}
        onFinish={(v) => {
          const amountFen = parseYuan(v.amount) ?? 0;
          onSubmit(v.kind === 'drop' ? { kind: 'drop', amountFen, bagNo: v.ref } : { kind: v.kind, amountFen, reason: v.ref });
          form.resetFields(['amount', 'ref']);
        }}
      >
        <Form.Item name="kind" label={t('till.movementKind')}>
          <Select
            data-testid="movement-kind"
            options={[
              { value: 'drop', label: t('till.drop') },
              { value: 'cash_in', label: t('till.cashIn') },
              { value: 'cash_out', label: t('till.cashOut') },
            ]}
          />
        </Form.Item>
        <Form.Item name="amount" label={t('till.amount')} rules={[{ required: true }, { validator: (_r, v) => (parseYuan(String(v ?? '')) ? Promise.resolve() : Promise.reject(new Error(t('j.badAmount')))) }]}>
          <Input prefix="￥" className="amount" data-testid="movement-amount" />
        </Form.Item>
        <Form.Item name="ref" label={kind === 'drop' ? t('till.bagNo') : t('till.reason')} rules={[{ required: true, min: kind === 'drop' ? 1 : 2 }]}>
          <Input data-testid="movement-ref" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="movement-submit">
          {t('till.record')}
        </Button>
      </Form>
    </Card>
  );
}

function Handover({ zNo, countedFen }: { zNo: number; countedFen: number }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ zNo: number; jobId: string | null } | null>(null);
  const [preview, setPreview] = useState<string[] | null>(null);
  useEffect(() => {
    if (zNo > 0) void invoke('till.zReport', { zNo }).then((r) => setPreview(r.preview)).catch(() => setPreview(null));
  }, [zNo, result]);
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Card title={t('till.handoverTitle')} size="small" data-testid="handover-form" className="handover-card">
          {result ? (
            <Alert type="success" showIcon title={t('till.handoverDone', { z: result.zNo })} data-testid="handover-done" />
          ) : (
            <Form
              layout="vertical"
              initialValues={{ amount: (countedFen / 100).toFixed(2) }}
              autoComplete="off"
              onFinish={async (v: { amount: string; bagNo: string; sealNo: string; clerkSecret: string; receiverNo: string; receiverSecret: string }) => {
                setError(null);
                try {
                  setResult(
                    await invoke('till.handover', {
                      amountFen: parseYuan(v.amount) ?? 0,
                      bagNo: v.bagNo,
                      sealNo: v.sealNo,
                      clerkSecret: v.clerkSecret,
                      receiver: { staffNo: v.receiverNo, secret: v.receiverSecret },
                    }),
                  );
                } catch (e) {
                  setError(errText(e));
                }
              }}
            >
              <Form.Item name="amount" label={t('till.amount')} rules={[{ required: true }]}>
                <Input prefix="￥" className="amount" />
              </Form.Item>
              <Form.Item name="bagNo" label={t('till.bagNo')} rules={[{ required: true }]}>
                <Input autoFocus data-testid="handover-bag" />
              </Form.Item>
              <Form.Item name="sealNo" label={t('till.sealNo')} rules={[{ required: true }]}>
                <Input data-testid="handover-seal" />
              </Form.Item>
              <Form.Item name="clerkSecret" label={t('till.clerkConfirm')} rules={[{ required: true }]}>
                <Input.Password visibilityToggle={{ tabIndex: -1 }} data-testid="handover-clerk-secret" />
              </Form.Item>
              <Form.Item name="receiverNo" label={t('till.receiverNo')} rules={[{ required: true }]}>
                <Input data-testid="handover-receiver" />
              </Form.Item>
              <Form.Item name="receiverSecret" label={t('till.receiverSecret')} rules={[{ required: true }]}>
                <Input.Password data-testid="handover-receiver-secret" />
              </Form.Item>
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
              <Button type="primary" htmlType="submit" size="large" data-testid="handover-submit">
                {t('till.handoverSubmit')}
              </Button>
            </Form>
          )}
        </Card>
      </Col>
      <Col span={12}>
        <Card title={t('till.zPreview', { z: zNo })} size="small">
          <pre className="receipt-preview" data-testid="z-preview">
            {preview?.join('\n') ?? ''}
          </pre>
        </Card>
      </Col>
    </Row>
  );
}
