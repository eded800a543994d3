/**
 * The duty manager's audit viewer, in words: who (name and staff number) did what (the action's
 * name), when (the hall's clock), at which counter, with the detail as labelled text. Filters by
 * person, action (an area or one kind) and day; the chain is checked on demand.
 */
import { Alert, Button, DatePicker, Form, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { instantOf } from '../../../base/calendar';
import type { AuditEntryView } from '../../../base/contract/staff';
import { AUDIT_AREAS, AUDIT_KINDS, detailParts, kindLabel, personLabel, type AuditContext } from '../audit/describe';
import { invoke } from '../client/client';
import { dateTime, displayZone } from '../format';
import { errText } from '../i18n';

interface Filter {
  person?: string;
  /** `area:till` (every till entry) or `kind:till.settled` (that one kind). */
  action?: string;
  day?: Dayjs | null;
}

const PAGE = 200;

/** The day after `day` (YYYY-MM-DD), by the calendar, not by adding 24 hours. */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [form] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [people, setPeople] = useState<{ staffNo: string; name: string }[]>([]);
  const [businesses, setBusinesses] = useState<AuditContext['businesses']>(new Map());
  const [verify, setVerify] = useState<{ ok: boolean; entries: number; firstBadSeq: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void invoke('audit.people', {}).then(setPeople, (e: unknown) => setError(errText(e)));
    void invoke('catalog.get', {}).then(
      (c) => setBusinesses(new Map(c.businesses.map((b) => [b.code, { zh: b.name_zh, en: b.name_en }]))),
      () => undefined,
    );
  }, []);
  const ctx: AuditContext = useMemo(() => ({ lang, names: new Map(people.map((p) => [p.staffNo, p.name])), businesses }), [lang, people, businesses]);

  const query = useCallback(
    (f: Filter, beforeSeq?: number) => {
      const exact = f.action?.startsWith('kind:') ? f.action.slice(5) : null;
      const area = f.action?.startsWith('area:') ? f.action.slice(5) : null;
      const day = f.day ? f.day.format('YYYY-MM-DD') : null;
      const tz = displayZone();
      return invoke('audit.query', {
        limit: PAGE,
        ...(f.person ? { actor: f.person } : {}),
        // An area is its kinds' first word: "till." (or "signout", a kind of one word).
        ...(exact ? { kindPrefix: exact } : area ? { kindPrefix: area === 'signout' ? 'signout' : `${area}.` } : {}),
        ...(day ? { from: instantOf(day, '00:00', tz), to: instantOf(nextDay(day), '00:00', tz) } : {}),
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      }).then((r) => ({ entries: exact ? r.entries.filter((e) => e.kind === exact) : r.entries, next: r.nextBeforeSeq }));
    },
    [],
  );
  const load = useCallback(async () => {
    try {
      const r = await query(filter);
      setEntries(r.entries);
      setNext(r.next);
      setError(null);
    } catch (e) {
      setError(errText(e));
    }
  }, [filter, query]);
  useEffect(() => void load(), [load]);
  const more = async () => {
    if (next === null) return;
    try {
      const r = await query(filter, next);
      setEntries((es) => [...es, ...r.entries]);
      setNext(r.next);
    } catch (e) {
      setError(errText(e));
    }
  };

  const actionOptions = Object.entries(AUDIT_AREAS).map(([area, label]) => ({
    label: lang === 'en' ? label.en : label.zh,
    title: area,
    options: [
      { value: `area:${area}`, label: t('audit.allOf', { area: lang === 'en' ? label.en : label.zh }) },
      ...Object.keys(AUDIT_KINDS)
        .filter((k) => k.split('.')[0] === area)
        .map((k) => ({ value: `kind:${k}`, label: kindLabel(k, lang) })),
    ],
  }));

  return (
    <div data-testid="audit-page" className="audit-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="inline" onFinish={(v) => setFilter({ ...v })} className="audit-filter">
        <Form.Item name="person" label={t('audit.actor')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            placeholder={t('audit.anyone')}
            data-testid="audit-person"
            options={people.map((p) => ({ value: p.staffNo, label: `${p.name}（${p.staffNo}）` }))}
          />
        </Form.Item>
        <Form.Item name="action" label={t('audit.kind')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} placeholder={t('audit.anything')} data-testid="audit-action" options={actionOptions} />
        </Form.Item>
        <Form.Item name="day" label={t('audit.day')}>
          <DatePicker allowClear data-testid="audit-day" />
        </Form.Item>
        <Space>
          <Button htmlType="submit" type="primary" data-testid="audit-filter">
            {t('audit.filter')}
          </Button>
          <Button
            onClick={() =>
              void invoke('audit.verify', {}).then(setVerify, (e: unknown) => setError(errText(e)))
            }
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        </Space>
      </Form>
      {verify && (
        <Alert
          type={verify.ok ? 'success' : 'error'}
          showIcon
          title={verify.ok ? t('audit.chainOk', { n: verify.entries }) : t('audit.chainBad', { seq: verify.firstBadSeq })}
          style={{ margin: '8px 0' }}
        />
      )}
      <Table<AuditEntryView>
        size="small"
        rowKey="seq"
        dataSource={entries}
        pagination={false}
        scroll={{ y: 'calc(100vh - 300px)' }}
        locale={{ emptyText: t('audit.none') }}
        columns={[
          { title: t('audit.time'), width: 170, render: (_v, e) => <span className="amount">{dateTime(e.at)}</span> },
          { title: t('audit.actor'), width: 150, render: (_v, e) => <span data-testid="audit-row-actor">{personLabel(e.actor, ctx)}</span> },
          { title: t('audit.counter'), width: 70, render: (_v, e) => e.counterId ?? '—' },
          {
            title: t('audit.kind'),
            width: 200,
            render: (_v, e) => (
              <span data-testid="audit-row-kind" data-kind={e.kind}>
                {kindLabel(e.kind, lang)}
              </span>
            ),
          },
          {
            title: t('audit.detail'),
            render: (_v, e) => (
              <span className="audit-detail">
                {detailParts(e.detail, ctx).map((p, i) => (
                  <span key={i} className="audit-part">
                    <Typography.Text type="secondary">{p.label}</Typography.Text> {p.value}
                  </span>
                ))}
              </span>
            ),
          },
        ]}
      />
      {next !== null && (
        <Button onClick={() => void more()} style={{ marginTop: 8 }} data-testid="audit-more">
          {t('audit.more')}
        </Button>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('audit.zoneNote', { zone: displayZone() })}
      </Typography.Paragraph>
    </div>
  );
}
