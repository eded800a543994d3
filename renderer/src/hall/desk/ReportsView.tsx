/**
 * The reports the duty manager owes: generate the daily (yesterday by default), weekly or
 * monthly report from the records, read its figures and anomalies, write the comments while it
 * is a draft, submit it (locked, timestamped), print it (print CSS: only the report is printed).
 */
import { Alert, App, Button, Card, DatePicker, Descriptions, Input, List, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskReport } from '../../../../base/contract/desk';
import type { ReportKind } from '../../../../base/deskPeriod';
import { call } from '../client';
import { dateTime } from '../format';
import { useHallClock } from '../HallClock';
import { errText } from '../i18n';
import { pct, secs, yuan } from './fmt';
import { yesterday } from './period';

type Summary = Omit<DeskReport, 'figures' | 'anomalies'>;
const FIELDS = ['summary', 'anomalies', 'staff', 'plan'] as const;

function ReportDoc({ report, onChanged }: { report: DeskReport; onChanged(r: DeskReport): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [comments, setComments] = useState(report.comments);
  useEffect(() => setComments(report.comments), [report]);
  const locked = report.submittedAt !== null;
  const h = report.figures.hall;
  const save = async () => {
    try {
      onChanged(await call('desk.report.comment', { id: report.id, comments }));
      void message.success(t('desk.reports.saved'));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const submit = async () => {
    try {
      onChanged(await call('desk.report.submit', { id: report.id }));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  return (
    <Card size="small" className="desk-report" data-testid="desk-report">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t(`desk.reports.${report.kind}`)} {report.from}{report.to !== report.from ? ` – ${report.to}` : ''}
      </Typography.Title>
      <Space className="desk-no-print" style={{ marginBottom: 8 }}>
        {locked ? <Tag color="green" data-testid="desk-report-locked">{t('desk.reports.submittedAt', { at: dateTime(report.submittedAt), by: report.submittedBy })}</Tag> : <Tag>{t('desk.reports.draft')}</Tag>}
        <Typography.Text type="secondary">{t('desk.reports.due')} {report.dueBy}</Typography.Text>
        <Button onClick={() => window.print()}>{t('desk.reports.print')}</Button>
      </Space>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label={t('desk.kpi.journeys')}>{h.journeys}（{t('desk.period.prev')} {report.figures.previous.journeys}）</Descriptions.Item>
        <Descriptions.Item label={t('desk.kpi.businesses')}>{h.businesses}（{t('desk.period.prev')} {report.figures.previous.businesses}）</Descriptions.Item>
        <Descriptions.Item label={t('desk.kpi.utilisation')}>{pct(h.utilisation.ratio)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.kpi.handling')}>{secs(h.handling.medianMs)} / {secs(h.handling.p90Ms)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.kpi.cash')}>{yuan(h.cash.overFen)} / {yuan(h.cash.shortFen)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.kpi.early')}>{h.early.attempts} / {h.early.approvals} / {h.early.refusals}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        style={{ marginTop: 8 }}
        rowKey="counter"
        pagination={false}
        dataSource={report.figures.byCounter}
        columns={[
          { title: t('desk.table.counter'), dataIndex: 'counter' },
          { title: t('desk.table.journeys'), dataIndex: 'journeys', align: 'right' },
          { title: t('desk.table.businesses'), dataIndex: 'businesses', align: 'right' },
          { title: t('desk.table.utilisation'), align: 'right', render: (_v, r) => pct(r.utilisation.ratio) },
          { title: t('desk.table.over'), align: 'right', render: (_v, r) => yuan(r.cash.overFen) },
          { title: t('desk.table.short'), align: 'right', render: (_v, r) => yuan(r.cash.shortFen) },
        ]}
      />
      <Typography.Title level={5}>{t('desk.reports.anomalies')}</Typography.Title>
      {report.anomalies.length === 0 ? (
        <Typography.Text type="secondary">{t('desk.reports.noAnomalies')}</Typography.Text>
      ) : (
        <ul data-testid="desk-report-anomalies">{report.anomalies.map((a, i) => <li key={i}>{i18n.language === 'en' ? a.en : a.zh}</li>)}</ul>
      )}
      {FIELDS.map((f) => (
        <div key={f} style={{ marginTop: 8 }}>
          <Typography.Text strong>{t(`desk.reports.comments.${f}`)}</Typography.Text>
          {locked ? (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{report.comments[f] || '—'}</Typography.Paragraph>
          ) : (
            <Input.TextArea rows={2} value={comments[f] ?? ''} maxLength={4000} onChange={(e) => setComments((c) => ({ ...c, [f]: e.target.value }))} data-testid={`desk-report-${f}`} />
          )}
        </div>
      ))}
      {!locked && (
        <Space className="desk-no-print" style={{ marginTop: 8 }}>
          <Button onClick={() => void save()} data-testid="desk-report-save">{t('desk.reports.save')}</Button>
          <Popconfirm title={t('desk.reports.submitConfirm')} onConfirm={() => void submit()}>
            <Button type="primary" data-testid="desk-report-submit">{t('desk.reports.submit')}</Button>
          </Popconfirm>
        </Space>
      )}
      {locked && <Alert className="desk-no-print" style={{ marginTop: 8 }} type="info" title={t('desk.reports.locked')} />}
    </Card>
  );
}

export function ReportsView() {
  const { t } = useTranslation();
  const { now } = useHallClock();
  const { message } = App.useApp();
  const [kind, setKind] = useState<ReportKind>('daily');
  const [date, setDate] = useState(yesterday(now));
  const [list, setList] = useState<Summary[]>([]);
  const [report, setReport] = useState<DeskReport | null>(null);
  const reload = useCallback(async () => setList(await call('desk.report.list', {})), []);
  useEffect(() => {
    void reload().catch(() => undefined);
  }, [reload]);
  const generate = async () => {
    try {
      setReport(await call('desk.report.generate', { kind, date }));
      await reload();
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const changed = (r: DeskReport) => {
    setReport(r);
    void reload();
  };
  return (
    <div className="desk-reports" data-testid="desk-reports">
      <Space className="desk-no-print" style={{ marginBottom: 12 }} wrap>
        <Select<ReportKind> value={kind} onChange={setKind} style={{ width: 110 }} options={(['daily', 'weekly', 'monthly'] as const).map((k) => ({ value: k, label: t(`desk.reports.${k}`) }))} data-testid="desk-report-kind" />
        <DatePicker value={dayjs(date)} allowClear={false} onChange={(v) => v && setDate(v.format('YYYY-MM-DD'))} />
        <Button type="primary" onClick={() => void generate()} data-testid="desk-report-generate">{t('desk.reports.generate')}</Button>
      </Space>
      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
        <Card size="small" title={t('desk.reports.list')} style={{ width: 300, flex: 'none' }} className="desk-no-print">
          <List
            size="small"
            dataSource={list}
            renderItem={(r) => (
              <List.Item actions={[<Button key="o" size="small" type="link" onClick={() => void call('desk.report.get', { id: r.id }).then(setReport)}>{t('desk.reports.open')}</Button>]}>
                <span>{t(`desk.reports.${r.kind}`)} {r.from}</span> {r.submittedAt ? <Tag color="green">{t('desk.reports.submitted')}</Tag> : <Tag>{t('desk.reports.draft')}</Tag>}
              </List.Item>
            )}
          />
        </Card>
        <div style={{ flex: 1, minWidth: 0 }}>{report && <ReportDoc report={report} onChanged={changed} />}</div>
      </div>
    </div>
  );
}
