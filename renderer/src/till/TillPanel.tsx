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
import { durationText } from '../../../base/duration';
import { errText } from '../i18n';
import { usePick } from '../journey/lang';
import { useSession } from '../state/SessionContext';
import { useTillStatus } from '../state/TillStatusContext';
import { zLabel } from '../state/useTillHeader';
import { MANAGER_ROLES, roleMay } from '../../../base/contract/roles';
import type { TillStatus } from '../../../base/contract/till';
import { DenominationForm } from './DenominationForm';
import { TakeOverButton } from './TakeOver';
import { useTill, type ApprovalKind, type ItemCounts } from './useTill';

export function TillPanel() {
  const { t } = useTranslation();
  const { session, signedIn } = useSession();
  const till = useTill();
  const { status, error, count } = till;

  if (!status) return error ? <Alert type="error" showIcon title={errText(error)} data-testid="till-error" /> : null;
  const s = status.session;
  // Settled here: the handover shows at once, before the next status says so too.
  const settledHere = till.settled !== null || s?.status === 'settled';
  const closed = !s && !settledHere ? status.closed : null;
  const inSession = !(closed && !till.reopening) && !!s && !settledHere;
  const isManager = !!session && roleMay(session.role, MANAGER_ROLES);
  return (
    <div data-testid="till-panel" className="till-panel">
      <Typography.Title level={3}>{t('till.title')}</Typography.Title>
      {/* In the open session's view the owner sits in its card's title bar, keeping the panel one screen high. */}
      {!inSession && <Owner status={status} />}
      {!status.mayAct && (s || closed) && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="till-not-yours"
          title={t('till.notYours', { no: status.owner?.staffNo ?? '', name: status.owner?.name ?? '' })}
          description={isManager ? <Space orientation="vertical">{t('till.notYoursManager')}<TakeOverButton staffNo={session?.staffNo} onDone={signedIn} /></Space> : undefined} />
      )}
      <ClockAlert status={status} onApprove={() => till.ask('clock')} />
      {error && <Alert type="error" showIcon closable onClose={till.clearError} title={errText(error)} style={{ marginBottom: 12 }} data-testid="till-error" />}
      {closed && !till.reopening ? (
        <Closed closed={closed} mayAct={status.mayAct} onReopen={() => till.ask('reopen')} />
      ) : !s || settledHere ? (
        settledHere ? (
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
            <Card title={t('till.session')} size="small" extra={<Owner status={status} inline />}>
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
        title={t(APPROVAL_TITLE[till.pending?.kind ?? 'variance'])}
        explanation={error ? errText(error) : till.pending?.kind === 'recount' ? t('till.countFinal') : ''}
        reasons={till.pending?.kind === 'early' ? EARLY_REASON_CODES.map((r) => ({ value: r, label: t(`till.reasons.${r}`) })) : undefined}
        {...(till.pending && REASON_FIELD[till.pending.kind] ? { reasonField: t(REASON_FIELD[till.pending.kind]!) } : {})}
        error={till.pending?.error ?? null}
        onApprove={till.approve}
        onCancel={till.cancelApproval}
      />
    </div>
  );
}

const APPROVAL_TITLE: Record<ApprovalKind, string> = {
  early: 'till.earlyTitle', variance: 'till.varianceTitle', clock: 'till.clockTitle', recount: 'till.recountTitle', reopen: 'till.reopenTitle',
};
const REASON_FIELD: Partial<Record<ApprovalKind, string>> = { clock: 'till.clockReason', recount: 'till.recountReason', reopen: 'till.reopenReason' };

/** Whose till this is — always said, so a duty manager at the counter knows. */
function Owner({ status, inline = false }: { status: TillStatus; inline?: boolean }) {
  const { t } = useTranslation();
  if (!status.owner) return null;
  const takers = status.session?.takenOverBy ?? [];
  const words = (
    <>
      {t('till.owner', { no: status.owner.staffNo, name: status.owner.name ?? '' })}
      {takers.length > 0 && t('till.takenOverBy', { no: takers.join('、') })}
    </>
  );
  return inline ? (
    <Typography.Text strong data-testid="till-owner">
      {words}
    </Typography.Text>
  ) : (
    <Typography.Paragraph strong data-testid="till-owner">
      {words}
    </Typography.Paragraph>
  );
}

/** The clock the till does not trust: what happened and, while suspect, the duty manager's check. */
function ClockAlert({ status, onApprove }: { status: TillStatus; onApprove(): void }) {
  const { t } = useTranslation();
  const pick = usePick();
  const c = status.clock;
  if (c.state === 'ok') return null;
  if (c.state === 'rollback') return <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('till.clockRollback')} data-testid="till-clock" />;
  const d = durationText(c.jumpMs ?? c.forwardMs);
  return (
    <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="till-clock"
      title={t('till.clockSuspect', { d: pick(d.zh, d.en) })}
      action={status.session && status.mayAct ? <Button danger onClick={onApprove} data-testid="till-clock-approve">{t('till.clockApprove')}</Button> : undefined} />
  );
}

/** Today's settlement at this counter: its Z report (F5 shows it), and opening again with the duty manager. */
function Closed({ closed, mayAct, onReopen }: { closed: NonNullable<TillStatus['closed']>; mayAct: boolean; onReopen(): void }) {
  const { t } = useTranslation();
  const { reload } = useTillStatus();
  if (!closed.handedOver && mayAct) return <Handover zNo={closed.zNo} countedFen={0} onDone={reload} />;
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Card title={t('till.closedTitle', { z: zLabel(closed.zNo) })} size="small" data-testid="till-closed">
          <Typography.Paragraph>{t('till.closedHint')}</Typography.Paragraph>
          <Button onClick={onReopen} data-testid="till-reopen">{t('till.reopen')}</Button>
        </Card>
      </Col>
      <Col span={12}>
        <ZPreview zNo={closed.zNo} />
      </Col>
    </Row>
  );
}

function ZPreview({ zNo, refresh }: { zNo: number; refresh?: unknown }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<string[] | null>(null);
  useEffect(() => {
    if (zNo > 0) void invoke('till.zReport', { zNo }).then((r) => setPreview(r.preview)).catch(() => setPreview(null));
  }, [zNo, refresh]);
  return (
    <Card title={t('till.zPreview', { z: zNo })} size="small">
      <pre className="receipt-preview" data-testid="z-preview">
        {preview?.join('\n') ?? ''}
      </pre>
    </Card>
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
        <Button onClick={till.recount} data-testid="till-recount">{t('till.recountRequest')}</Button>
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

function Handover({ zNo, countedFen, onDone }: { zNo: number; countedFen: number; onDone?: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ zNo: number; jobId: string | null } | null>(null);
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
                onDone?.();
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
        <ZPreview zNo={zNo} refresh={result} />
      </Col>
    </Row>
  );
}
