/**
 * The hall page: the counters right now, the sync backlog, the chain witness, and for the
 * administrator the counters' registration, the staff accounts and the configuration that flows
 * down (catalog, calendar, till settings), with the hall's audit table. Keyboard: Alt+1…Alt+6
 * switch the sections, F12 locks; every control is reachable with Tab.
 */
import { Badge, Button, Layout, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTable } from './admin/AuditTable';
import { CalendarEditor } from './admin/CalendarEditor';
import { CatalogEditor } from './admin/CatalogEditor';
import { CountersAdmin } from './admin/CountersAdmin';
import { StaffAccounts } from './admin/StaffAccounts';
import { TillSettingsForm } from './admin/TillSettingsForm';
import { DeskPage, EarlyNotifier } from './desk/DeskPage';
import { clockTime } from './format';
import { useHallClock } from './HallClock';
import { useHallSession } from './HallSession';
import { BacklogPage } from './pages/BacklogPage';
import { CountersBoard } from './pages/CountersBoard';
import { HallLockScreen, HallSetup, HallSignIn } from './pages/SignIn';
import { WitnessPage } from './pages/WitnessPage';
import { GuidePage } from './queue/GuidePage';
import { QueueBoard } from './queue/QueueBoard';

type Section = 'counters' | 'backlog' | 'witness' | 'admin' | 'desk' | 'queue';
const SECTIONS: Section[] = ['counters', 'backlog', 'witness', 'admin', 'desk', 'queue'];

function Header({ onToggleLang }: { onToggleLang(): void }) {
  const { t } = useTranslation();
  const { now } = useHallClock();
  const { session, live, lock, signOut, phase } = useHallSession();
  return (
    <div className="hall-header">
      <Space size="large">
        <Typography.Text strong className="hall-brand">
          {t('app.name')}
        </Typography.Text>
        <Typography.Text className="hall-clock" data-testid="hall-clock">
          {t('app.hallTime')} {clockTime(now)}
        </Typography.Text>
        {phase === 'ready' && session?.role !== 'guide' && <Badge status={live ? 'success' : 'warning'} text={live ? t('app.live') : t('app.offline')} data-testid="hall-live" />}
      </Space>
      <Space>
        {session && (
          <Typography.Text data-testid="hall-user">
            {session.staffNo} {session.name} · {t(`roles.${session.role}`)}
          </Typography.Text>
        )}
        <Button size="small" onClick={onToggleLang} data-testid="hall-lang">
          {t('app.lang')}
        </Button>
        {phase === 'ready' && (
          <>
            <Button size="small" onClick={() => void lock()} data-testid="hall-lock">
              {t('app.lock')}
            </Button>
            <Button size="small" onClick={() => void signOut()} data-testid="hall-signout">
              {t('app.signOut')}
            </Button>
          </>
        )}
      </Space>
    </div>
  );
}

function Desk() {
  const { t } = useTranslation();
  const { session, lock } = useHallSession();
  const [section, setSection] = useState<Section>('counters');
  const [witnessCounter, setWitnessCounter] = useState<number | null>(null);
  const isAdmin = session?.role === 'admin';
  const showFindings = useCallback((c: number) => {
    setWitnessCounter(c);
    setSection('witness');
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F12') {
        e.preventDefault();
        void lock();
        return;
      }
      if (e.altKey && /^[1-6]$/.test(e.key)) {
        const s = SECTIONS[Number(e.key) - 1]!;
        if (s !== 'admin' || isAdmin) {
          e.preventDefault();
          setSection(s);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lock, isAdmin]);
  const items = [
    { key: 'counters', label: t('tabs.counters'), children: <CountersBoard onFindings={showFindings} /> },
    { key: 'backlog', label: t('tabs.backlog'), children: <BacklogPage /> },
    { key: 'witness', label: t('tabs.witness'), children: <WitnessPage counter={witnessCounter} onCounter={setWitnessCounter} /> },
    { key: 'queue', label: t('queue.tab'), children: <QueueBoard /> },
    ...(isAdmin
      ? [{
          key: 'admin',
          label: t('tabs.admin'),
          children: (
            <Tabs
              tabPlacement="start"
              destroyOnHidden
              items={[
                { key: 'counters', label: t('adminTabs.counters'), children: <CountersAdmin /> },
                { key: 'staff', label: t('adminTabs.staff'), children: <StaffAccounts /> },
                { key: 'catalog', label: t('adminTabs.catalog'), children: <CatalogEditor /> },
                { key: 'calendar', label: t('adminTabs.calendar'), children: <CalendarEditor /> },
                { key: 'till', label: t('adminTabs.till'), children: <TillSettingsForm /> },
                { key: 'audit', label: t('adminTabs.audit'), children: <AuditTable /> },
              ]}
              data-testid="hall-admin-tabs"
            />
          ),
        }]
      : []),
    { key: 'desk', label: t('desk.tab'), children: <DeskPage /> },
  ];
  // The floating guide's tablet shows the guide's page only.
  if (session?.role === 'guide') return <GuidePage />;
  return (
    <>
      <EarlyNotifier />
      <Tabs activeKey={section} onChange={(k) => setSection(k as Section)} items={items} destroyOnHidden data-testid="hall-tabs" />
    </>
  );
}

export function HallApp({ onToggleLang }: { onToggleLang(): void }) {
  const { t } = useTranslation();
  const { phase } = useHallSession();
  return (
    <Layout className="hall-app">
      <Layout.Header className="hall-header-bar">
        <Header onToggleLang={onToggleLang} />
      </Layout.Header>
      <Layout.Content className="hall-content">
        {phase === 'setup' && <HallSetup />}
        {phase === 'signin' && <HallSignIn />}
        {phase === 'locked' && <HallLockScreen />}
        {/* Mounted while locked (an edit in progress survives the unlock), never shown. */}
        {(phase === 'ready' || phase === 'locked') && (
          <div style={phase === 'locked' ? { display: 'none' } : undefined} aria-hidden={phase === 'locked'}>
            <Desk />
          </div>
        )}
      </Layout.Content>
      <Layout.Footer className="hall-footer">
        <Typography.Text type="secondary">{t('app.keys')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
