/**
 * The duty manager's desk (值班经理台) on the hall page: the figures, the reports, spot checks,
 * the morning, supervision of tills and takings, and the lunch rotation. For duty managers and
 * administrators (the hall refuses every desk call to anyone else).
 */
import { App, Tabs } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { clockTime } from '../format';
import { useHallSession } from '../HallSession';
import { FiguresView } from './FiguresView';
import { LunchView } from './LunchView';
import { MorningView } from './MorningView';
import { ReportsView } from './ReportsView';
import { SpotView } from './SpotView';
import './strings';
import { SupervisionView } from './SupervisionView';
import './desk.css';

export function DeskPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      className="desk-page"
      destroyOnHidden
      items={[
        { key: 'figures', label: t('desk.sections.figures'), children: <FiguresView /> },
        { key: 'reports', label: t('desk.sections.reports'), children: <ReportsView /> },
        { key: 'spot', label: t('desk.sections.spot'), children: <SpotView /> },
        { key: 'morning', label: t('desk.sections.morning'), children: <MorningView /> },
        { key: 'supervision', label: t('desk.sections.supervision'), children: <SupervisionView /> },
        { key: 'lunch', label: t('desk.sections.lunch'), children: <LunchView /> },
      ]}
      data-testid="desk-tabs"
    />
  );
}

/** An early-settlement attempt, approval or refusal as it happens: a notification wherever the page is. */
export function EarlyNotifier() {
  const { t } = useTranslation();
  const { events } = useHallSession();
  const { notification } = App.useApp();
  useEffect(
    () =>
      events.on('desk.early', (e) => {
        notification.warning({
          title: t('desk.supervision.early'),
          description: `${clockTime(e.at)} · ${t('desk.supervision.notify', { counter: e.counter, staff: e.staffNo, outcome: t(`desk.supervision.outcomes.${e.outcome}`, { defaultValue: e.outcome }), min: e.minutesEarly ?? 0 })}`,
          duration: 0,
          placement: 'topRight',
          key: `early-${e.counter}-${e.at}-${e.outcome}`,
          props: { 'data-testid': 'desk-early-notice' } as Record<string, string>,
        });
      }),
    [events, notification, t],
  );
  return null;
}
