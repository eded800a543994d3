/**
 * The hall's figures for a day, a week, a month or a range, filtered by counter, clerk and
 * business: the headline figures with the change against the previous period, charts (volume by
 * business this period and the previous, journeys per day, time per step, utilisation per
 * counter and hour) and the tables per business, counter, clerk and step. Every number that
 * stands for journeys opens them (masked) in the drill-down; every table exports as CSV or XLSX.
 */
import { Alert, App, Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskClerkRow, DeskCounterRow, DeskFigures, DeskFiltersInput, DeskPeriodInput, DeskTable } from '../../../../base/contract/desk';
import type { DeskDrill } from '../../../../base/contract/desk';
import { call } from '../client';
import { useHallClock } from '../HallClock';
import { errText } from '../i18n';
import type { EChartsOption } from 'echarts';
import { Chart } from './Chart';
import { exportTable } from './download';
import { DrillDrawer, type DrillTarget } from './DrillDrawer';
import { change, pct, secs, yuan } from './fmt';
import { hallDay } from './period';

type Kind = DeskPeriodInput['kind'];

function ExportButtons({ table, period, filters }: { table: DeskTable; period: DeskPeriodInput; filters: DeskFiltersInput }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const go = async (format: 'csv' | 'xlsx') => {
    try {
      const r = await exportTable(table, format, period, filters);
      void message.success(t('desk.export.done', { file: r.filename, n: r.rows }));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  return (
    <Space size="small">
      <Button size="small" onClick={() => void go('csv')} data-testid={`desk-export-${table}-csv`}>{t('desk.export.csv')}</Button>
      <Button size="small" onClick={() => void go('xlsx')} data-testid={`desk-export-${table}-xlsx`}>{t('desk.export.xlsx')}</Button>
    </Space>
  );
}

/** A number that opens the journeys behind it. */
function Drill({ n, onClick, testId }: { n: number; onClick(): void; testId?: string }) {
  if (n === 0) return <span>0</span>;
  return (
    <Button type="link" size="small" className="desk-drill-link" onClick={onClick} data-testid={testId}>
      {n.toLocaleString('en-US')}
    </Button>
  );
}

export function FiguresView() {
  const { t } = useTranslation();
  const { now } = useHallClock();
  const today = hallDay(now);
  const [kind, setKind] = useState<Kind>('day');
  const [date, setDate] = useState(today);
  const [to, setTo] = useState(today);
  const [filters, setFilters] = useState<DeskFiltersInput>({});
  const [figures, setFigures] = useState<DeskFigures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [options, setOptions] = useState<{ counters: number[]; clerks: { staffNo: string; name: string | null }[]; businesses: string[] }>({ counters: [], clerks: [], businesses: [] });
  const [target, setTarget] = useState<DrillTarget | null>(null);
  const period = useMemo<DeskPeriodInput>(() => (kind === 'range' ? { kind, date, to } : { kind, date }), [kind, date, to]);

  const load = useCallback(async () => {
    try {
      const f = await call('desk.figures', { period, filters });
      setFigures(f);
      setError(null);
      if (!filters.counters && !filters.clerk && !filters.business) {
        setOptions((o) => ({
          counters: [...new Set([...o.counters, ...f.byCounter.map((c) => c.counter)])].sort((a, b) => a - b),
          clerks: [...new Map([...o.clerks, ...f.byClerk].map((k) => [k.staffNo, { staffNo: k.staffNo, name: k.name }])).values()],
          businesses: [...new Set([...o.businesses, ...f.byBusiness.map((b) => b.code)])].sort(),
        }));
      }
    } catch (e) {
      setError(errText(e));
    }
  }, [period, filters]);
  useEffect(() => {
    void load();
  }, [load]);

  const drill = (d: DeskDrill, label: string) => setTarget({ drill: d, label });
  const kLabel = (d: DeskDrill) => t(`desk.drill.kinds.${d.kind}`, { v: d.value ?? '' });
  const open = (d: DeskDrill) => () => drill(d, kLabel(d));

  const h = figures?.hall;
  const stepName = (s: string) => t(`desk.steps.${s}`, { defaultValue: s });
  const hours = useMemo(() => [...new Set(figures?.utilisationByHour.map((u) => u.hour) ?? [])].sort((a, b) => a - b), [figures]);
  const counters = useMemo(() => [...new Set(figures?.utilisationByHour.map((u) => u.counter) ?? [])].sort((a, b) => a - b), [figures]);


  const businessOption = useMemo<EChartsOption>(() => (figures ? {
                    tooltip: { trigger: 'axis' },
                    legend: { data: [t('desk.chart.current'), t('desk.chart.previous')] },
                    grid: { left: 40, right: 10, bottom: 40, top: 30 },
                    xAxis: { type: 'category', data: figures.byBusiness.map((b) => b.code), axisLabel: { interval: 0, rotate: 20 } },
                    yAxis: { type: 'value' },
                    series: [
                      { name: t('desk.chart.current'), type: 'bar', data: figures.byBusiness.map((b) => b.count) },
                      { name: t('desk.chart.previous'), type: 'bar', data: figures.byBusiness.map((b) => b.prev), itemStyle: { color: '#bfbfbf' } },
                    ],
                  } : {}), [figures, t]);
  const utilisationOption = useMemo<EChartsOption>(() => (figures ? {
                    tooltip: { formatter: (p: unknown) => { const d = (p as { data: [number, number, number | null] }).data; return `${counters[d[1]]} · ${hours[d[0]]}:00 · ${d[2] === null ? '—' : `${d[2]}%`}`; } },
                    grid: { left: 40, right: 10, bottom: 60, top: 10 },
                    xAxis: { type: 'category', data: hours.map((x) => `${x}:00`) },
                    yAxis: { type: 'category', data: counters.map(String) },
                    visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120 },
                    series: [{ type: 'heatmap', data: figures.utilisationByHour.map((u) => [hours.indexOf(u.hour), counters.indexOf(u.counter), u.ratio === null ? null : Math.round(u.ratio * 1000) / 10]), label: { show: true, fontSize: 10 } }],
                  } : {}), [figures, hours, counters]);
  const stepsOption = useMemo<EChartsOption>(() => (figures ? {
                    tooltip: { trigger: 'axis' },
                    legend: { data: [t('desk.chart.median'), t('desk.chart.p90')] },
                    grid: { left: 40, right: 10, bottom: 30, top: 30 },
                    xAxis: { type: 'category', data: figures.steps.map((s) => stepName(s.step)) },
                    yAxis: { type: 'value' },
                    series: [
                      { name: t('desk.chart.median'), type: 'bar', data: figures.steps.map((s) => Math.round(s.medianMs / 100) / 10) },
                      { name: t('desk.chart.p90'), type: 'bar', data: figures.steps.map((s) => Math.round(s.p90Ms / 100) / 10), itemStyle: { color: '#fa8c16' } },
                    ],
                  } : {}), [figures, t]);
  const dailyOption = useMemo<EChartsOption>(() => (figures ? {
                    tooltip: { trigger: 'axis' },
                    grid: { left: 40, right: 10, bottom: 30, top: 20 },
                    xAxis: { type: 'category', data: figures.daily.map((d) => d.day.slice(5)) },
                    yAxis: { type: 'value' },
                    series: [{ type: figures.daily.length > 1 ? 'line' : 'bar', data: figures.daily.map((d) => d.journeys), smooth: true }],
                  } : {}), [figures]);

  const activityColumns = <T extends DeskCounterRow | DeskClerkRow>(key: (r: T) => DeskDrill) => [
    { title: t('desk.table.journeys'), align: 'right' as const, render: (_v: unknown, r: T) => <Drill n={r.journeys} onClick={open(key(r))} testId={`desk-drill-${key(r).kind}-${String(key(r).value)}`} /> },
    { title: t('desk.table.businesses'), align: 'right' as const, dataIndex: 'businesses' },
    { title: t('desk.table.handlingMedian'), align: 'right' as const, render: (_v: unknown, r: T) => secs(r.handling.medianMs) },
    { title: t('desk.table.handlingP90'), align: 'right' as const, render: (_v: unknown, r: T) => secs(r.handling.p90Ms) },
    { title: t('desk.table.utilisation'), align: 'right' as const, render: (_v: unknown, r: T) => pct(r.utilisation.ratio) },
    { title: t('desk.table.recommend'), align: 'right' as const, render: (_v: unknown, r: T) => `${r.recOffered} / ${r.recAccepted}` },
    { title: t('desk.table.consents'), align: 'right' as const, dataIndex: 'consentsRefused' },
    { title: t('desk.table.manual'), align: 'right' as const, dataIndex: 'manualEntries' },
    { title: t('desk.table.cancelled'), align: 'right' as const, dataIndex: 'cancelled' },
    { title: t('desk.table.refunds'), align: 'right' as const, render: (_v: unknown, r: T) => (r.refunds ? `${r.refunds} · ${yuan(r.refundFen)}` : '0') },
    { title: t('desk.table.over'), align: 'right' as const, render: (_v: unknown, r: T) => (r.cash.overFen ? yuan(r.cash.overFen) : '—') },
    { title: t('desk.table.short'), align: 'right' as const, render: (_v: unknown, r: T) => (r.cash.shortFen ? <Typography.Text type="danger">{yuan(r.cash.shortFen)}</Typography.Text> : '—') },
    { title: t('desk.table.early'), align: 'right' as const, render: (_v: unknown, r: T) => `${r.early.attempts}/${r.early.approvals}/${r.early.refusals}${r.early.minutesEarlyMax ? ` (${r.early.minutesEarlyMax}′)` : ''}` },
    { title: t('desk.table.reprints'), align: 'right' as const, dataIndex: 'reprints' },
  ];

  return (
    <div data-testid="desk-figures">
      <Card size="small" style={{ marginBottom: 12 }} className="desk-no-print">
        <Space wrap>
          <Typography.Text>{t('desk.period.label')}</Typography.Text>
          <Segmented<Kind>
            value={kind}
            onChange={setKind}
            options={(['day', 'week', 'month', 'range'] as const).map((k) => ({ value: k, label: t(`desk.period.${k}`) }))}
            data-testid="desk-period-kind"
          />
          {kind === 'range' ? (
            <DatePicker.RangePicker
              value={[dayjs(date), dayjs(to)]}
              allowClear={false}
              onChange={(v) => {
                if (v?.[0] && v[1]) {
                  setDate(v[0].format('YYYY-MM-DD'));
                  setTo(v[1].format('YYYY-MM-DD'));
                }
              }}
            />
          ) : (
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              picker={kind === 'month' ? 'month' : kind === 'week' ? 'week' : 'date'}
              onChange={(v) => v && setDate(v.format('YYYY-MM-DD'))}
              data-testid="desk-date"
            />
          )}
          <Select
            mode="multiple"
            allowClear
            placeholder={t('desk.filter.counters')}
            style={{ minWidth: 160 }}
            value={filters.counters ?? []}
            onChange={(v: number[]) => setFilters((f) => ({ ...f, counters: v.length ? v : undefined }))}
            options={options.counters.map((c) => ({ value: c, label: `${c}` }))}
            data-testid="desk-filter-counters"
          />
          <Select
            allowClear
            showSearch
            placeholder={t('desk.filter.clerk')}
            style={{ minWidth: 150 }}
            value={filters.clerk ?? null}
            onChange={(v: string | undefined) => setFilters((f) => ({ ...f, clerk: v ?? undefined }))}
            options={options.clerks.map((k) => ({ value: k.staffNo, label: k.name ? `${k.staffNo} ${k.name}` : k.staffNo }))}
            data-testid="desk-filter-clerk"
          />
          <Select
            allowClear
            showSearch
            placeholder={t('desk.filter.business')}
            style={{ minWidth: 150 }}
            value={filters.business ?? null}
            onChange={(v: string | undefined) => setFilters((f) => ({ ...f, business: v ?? undefined }))}
            options={options.businesses.map((b) => ({ value: b, label: b }))}
            data-testid="desk-filter-business"
          />
          <Button onClick={() => setFilters({})}>{t('desk.filter.reset')}</Button>
          {figures && (
            <Typography.Text type="secondary" data-testid="desk-period-text">
              {figures.period.from}{figures.period.to !== figures.period.from ? ` – ${figures.period.to}` : ''} · {t('desk.period.prev')} {figures.period.prevFrom}{figures.period.prevTo !== figures.period.prevFrom ? ` – ${figures.period.prevTo}` : ''}
            </Typography.Text>
          )}
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {h && figures && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.journeys')} value={h.journeys} /><Typography.Text type="secondary">{t('desk.kpi.vsPrev')} {change(h.journeys, figures.previous.journeys)}</Typography.Text><div><Drill n={h.journeys} onClick={open({ kind: 'all' })} testId="desk-kpi-journeys" /></div></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.businesses')} value={h.businesses} /><Typography.Text type="secondary" data-testid="desk-kpi-biz-change">{t('desk.kpi.vsPrev')} {change(h.businesses, figures.previous.businesses)}</Typography.Text></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.handling')} value={`${secs(h.handling.medianMs)} / ${secs(h.handling.p90Ms)}`} /><Drill n={h.handling.p90Ms === null ? 0 : 1} onClick={open({ kind: 'slowerThan', value: h.handling.p90Ms ?? 0 })} /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.utilisation')} value={pct(h.utilisation.ratio)} /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.rec')} value={`${h.recAccepted} / ${h.recOffered}`} /><Drill n={h.recAccepted} onClick={open({ kind: 'recAccepted' })} /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.cash')} value={`${yuan(h.cash.overFen)} / ${yuan(h.cash.shortFen)}`} /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.cancelled')} value={h.cancelled} /><Drill n={h.cancelled} onClick={open({ kind: 'cancelled' })} testId="desk-kpi-cancelled" /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.refunds')} value={h.refunds} suffix={h.refunds ? ` · ${yuan(h.refundFen)}` : ''} /><Drill n={h.refunds} onClick={open({ kind: 'refund' })} /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.manual')} value={h.manualEntries} /><Drill n={h.manualEntries} onClick={open({ kind: 'manual' })} testId="desk-kpi-manual" /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.consents')} value={h.consentsRefused} /><Drill n={h.consentsRefused} onClick={open({ kind: 'consentRefused' })} /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.early')} value={`${h.early.attempts} / ${h.early.approvals} / ${h.early.refusals}`} suffix={h.early.minutesEarlyMax ? `(${h.early.minutesEarlyMax}′)` : ''} /></Card></Col>
            <Col span={4}><Card size="small"><Statistic title={t('desk.kpi.reprints')} value={h.reprints} /></Card></Col>
          </Row>
          {h.journeys === 0 && <Empty description={t('desk.drill.kinds.all') + ' · 0'} style={{ marginBottom: 12 }} />}
          <Row gutter={12}>
            <Col span={12}>
              <Card size="small" title={t('desk.chart.business')} extra={<Typography.Text type="secondary">{t('desk.drill.hint')}</Typography.Text>}>
                <Chart
                  testId="desk-chart-business"
                  onPick={(p) => drill({ kind: 'business', value: p.name }, kLabel({ kind: 'business', value: p.name }))}
                  option={businessOption}
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title={t('desk.chart.utilisation')}>
                <Chart
                  testId="desk-chart-utilisation"
                  option={utilisationOption}
                />
              </Card>
            </Col>
            <Col span={12} style={{ marginTop: 12 }}>
              <Card size="small" title={t('desk.chart.steps')}>
                <Chart
                  testId="desk-chart-steps"
                  option={stepsOption}
                />
              </Card>
            </Col>
            <Col span={12} style={{ marginTop: 12 }}>
              <Card size="small" title={t('desk.chart.daily')}>
                <Chart
                  testId="desk-chart-daily"
                  option={dailyOption}
                />
              </Card>
            </Col>
          </Row>
          <Tabs
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'business',
                label: t('desk.table.business'),
                children: (
                  <>
                    <ExportButtons table="business" period={period} filters={filters} />
                    <Table
                      size="small"
                      rowKey="code"
                      pagination={false}
                      dataSource={figures.byBusiness}
                      data-testid="desk-table-business"
                      columns={[
                        { title: t('desk.table.code'), dataIndex: 'code' },
                        { title: t('desk.table.count'), align: 'right', render: (_v, r) => <Drill n={r.count} onClick={open({ kind: 'business', value: r.code })} testId={`desk-drill-business-${r.code}`} /> },
                        { title: t('desk.table.prev'), align: 'right', dataIndex: 'prev' },
                        { title: t('desk.table.change'), align: 'right', render: (_v, r) => (r.changePct === null ? '—' : <Typography.Text type={r.changePct < 0 ? 'danger' : 'success'}>{`${r.changePct > 0 ? '+' : ''}${r.changePct}%`}</Typography.Text>) },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'counters',
                label: t('desk.table.counters'),
                children: (
                  <>
                    <ExportButtons table="counters" period={period} filters={filters} />
                    <Table<DeskCounterRow> size="small" rowKey="counter" pagination={false} scroll={{ x: 'max-content' }} dataSource={figures.byCounter} data-testid="desk-table-counters"
                      columns={[{ title: t('desk.table.counter'), dataIndex: 'counter', fixed: 'left' }, ...activityColumns<DeskCounterRow>((r) => ({ kind: 'counter', value: r.counter }))]} />
                  </>
                ),
              },
              {
                key: 'clerks',
                label: t('desk.table.clerks'),
                children: (
                  <>
                    <ExportButtons table="clerks" period={period} filters={filters} />
                    <Table<DeskClerkRow> size="small" rowKey="staffNo" pagination={false} scroll={{ x: 'max-content' }} dataSource={figures.byClerk} data-testid="desk-table-clerks"
                      columns={[
                        { title: t('desk.table.clerk'), dataIndex: 'staffNo', fixed: 'left' },
                        { title: t('desk.table.name'), dataIndex: 'name' },
                        ...activityColumns<DeskClerkRow>((r) => ({ kind: 'clerk', value: r.staffNo })),
                        { title: t('desk.table.spot'), align: 'right', render: (_v, r) => (r.spotChecks.n ? `${r.spotChecks.average} (${r.spotChecks.n})` : '—') },
                      ]} />
                  </>
                ),
              },
              {
                key: 'steps',
                label: t('desk.table.steps'),
                children: (
                  <>
                    <ExportButtons table="steps" period={period} filters={filters} />
                    <Table size="small" rowKey="step" pagination={false} dataSource={figures.steps}
                      columns={[
                        { title: t('desk.table.step'), render: (_v, r) => stepName(r.step) },
                        { title: t('desk.table.n'), align: 'right', dataIndex: 'n' },
                        { title: t('desk.table.median'), align: 'right', render: (_v, r) => secs(r.medianMs) },
                        { title: t('desk.table.p90'), align: 'right', render: (_v, r) => secs(r.p90Ms) },
                      ]} />
                  </>
                ),
              },
              {
                key: 'utilisation',
                label: t('desk.chart.utilisation'),
                children: (
                  <>
                    <ExportButtons table="utilisation" period={period} filters={filters} />
                    <Table size="small" rowKey={(r) => `${r.counter}:${r.hour}`} pagination={false} dataSource={figures.utilisationByHour}
                      columns={[
                        { title: t('desk.table.counter'), dataIndex: 'counter' },
                        { title: 'h', render: (_v, r) => `${String(r.hour).padStart(2, '0')}:00` },
                        { title: t('desk.table.utilisation'), align: 'right', render: (_v, r) => pct(r.ratio) },
                      ]} />
                  </>
                ),
              },
            ]}
          />
        </>
      )}
      <DrillDrawer target={target} period={period} filters={filters} onClose={() => setTarget(null)} />
    </div>
  );
}
