/**
 * Spot checks on the floor (现场巡视抽查): who is on duty (the counters' heartbeats), how many the
 * standard asks to check, a random draw among them, the scoring form filed to the work log, and
 * today's entries.
 */
import { Alert, App, Button, Card, Input, Rate, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpotCheck } from '../../../../base/contract/desk';
import { SPOT_SCORES } from '../../../../base/contract/desk';
import type { HallMethodOutput } from '../../../../base/contract/hallPage';
import { call } from '../client';
import { dateTime } from '../format';
import { errText } from '../i18n';

type Plan = HallMethodOutput<'desk.spot.plan'>;
type Scores = Record<(typeof SPOT_SCORES)[number], number>;
const FULL: Scores = { smile: 5, initiative: 5, standard: 5, proficiency: 5, speed: 5, correctness: 5 };

export function SpotView() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [log, setLog] = useState<SpotCheck[]>([]);
  const [staffNo, setStaffNo] = useState<string | null>(null);
  const [scores, setScores] = useState<Scores>(FULL);
  const [notes, setNotes] = useState('');
  const load = useCallback(async () => {
    try {
      const p = await call('desk.spot.plan', {});
      setPlan(p);
      setLog(await call('desk.spot.list', { from: p.businessDay, to: p.businessDay }));
    } catch (e) {
      void message.error(errText(e));
    }
  }, [message]);
  useEffect(() => {
    void load();
  }, [load]);
  const draw = async () => {
    try {
      setPlan(await call('desk.spot.draw', {}));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const file = async () => {
    if (!staffNo) return;
    try {
      const drawId = plan?.lastDraw?.picked.includes(staffNo) ? plan.lastDraw.id : undefined;
      await call('desk.spot.file', { staffNo, ...scores, notes, ...(drawId !== undefined ? { drawId } : {}) });
      void message.success(t('desk.spot.filed'));
      setScores(FULL);
      setNotes('');
      setStaffNo(null);
      await load();
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const checked = new Set(plan?.checkedToday ?? []);
  return (
    <div data-testid="desk-spot">
      <Card size="small" title={t('desk.spot.title')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">{t('desk.spot.rule')}</Typography.Paragraph>
        {plan && plan.onDuty.length === 0 && <Alert type="info" title={t('desk.spot.none')} />}
        {plan && plan.onDuty.length > 0 && (
          <>
            <Typography.Paragraph data-testid="desk-spot-required">{t('desk.spot.onDuty', { n: plan.onDuty.length, k: plan.required })}</Typography.Paragraph>
            <Space wrap style={{ marginBottom: 8 }}>
              {plan.onDuty.map((c) => (
                <Tag key={c.staffNo} color={plan.lastDraw?.picked.includes(c.staffNo) ? 'blue' : undefined}>
                  {c.counter} · {c.staffNo} {c.name ?? ''} {checked.has(c.staffNo) ? '✓' : ''}
                </Tag>
              ))}
            </Space>
            <div>
              <Button type="primary" onClick={() => void draw()} data-testid="desk-spot-draw">{t('desk.spot.draw')}</Button>
              {plan.lastDraw && <Typography.Text style={{ marginLeft: 12 }} data-testid="desk-spot-drawn">{t('desk.spot.drawn')}: {plan.lastDraw.picked.join('、')}</Typography.Text>}
            </div>
          </>
        )}
      </Card>
      <Card size="small" title={t('desk.spot.form')} style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            placeholder={t('desk.spot.staff')}
            style={{ width: 260 }}
            value={staffNo}
            onChange={setStaffNo}
            options={(plan?.onDuty ?? []).map((c) => ({ value: c.staffNo, label: `${c.staffNo} ${c.name ?? ''} · ${c.counter}` }))}
            data-testid="desk-spot-staff"
          />
          <div className="desk-scores">
            {SPOT_SCORES.map((k) => (
              <div key={k} className="desk-score">
                <span className="desk-score-label">{t(`desk.spot.scores.${k}`)}</span>
                <Rate value={scores[k]} allowClear={false} onChange={(v) => setScores((s) => ({ ...s, [k]: v }))} data-testid={`desk-spot-${k}`} />
              </div>
            ))}
          </div>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('desk.spot.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} data-testid="desk-spot-notes" />
          <Button type="primary" disabled={!staffNo} onClick={() => void file()} data-testid="desk-spot-file">{t('desk.spot.file')}</Button>
        </Space>
      </Card>
      <Card size="small" title={t('desk.spot.log')}>
        <Table<SpotCheck>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={log}
          data-testid="desk-spot-log"
          columns={[
            { title: t('desk.spot.at'), render: (_v, r) => dateTime(r.at) },
            { title: t('desk.spot.staff'), render: (_v, r) => `${r.staffNo} ${r.name ?? ''}` },
            ...SPOT_SCORES.map((k) => ({ title: t(`desk.spot.scores.${k}`), dataIndex: k, align: 'right' as const })),
            { title: t('desk.spot.average'), align: 'right', render: (_v, r) => (SPOT_SCORES.reduce((s, k) => s + r[k], 0) / 6).toFixed(2) },
            { title: t('desk.spot.notes'), dataIndex: 'notes' },
            { title: t('desk.spot.checker'), dataIndex: 'checker' },
          ]}
        />
      </Card>
    </div>
  );
}
