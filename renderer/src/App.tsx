/** The one window: header, the page in view, the status bar. Keyboard first. */
import { Button, Layout, Spin, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from './components/Header';
import { StatusBar } from './components/StatusBar';
import { ErrorBoundary } from './components/ErrorBoundary';
import { StorageErrorScreen } from './components/StorageErrorScreen';
import { AboutPage } from './pages/AboutPage';
import { SettingsPage } from './pages/SettingsPage';
import { CounterPage } from './pages/CounterPage';
import { LockScreen } from './pages/LockScreen';
import { SetupPage, SignInPage } from './pages/SignInPage';
import { useCore } from './state/CoreContext';
import { useSession } from './state/SessionContext';
import { TillPanel } from './till/TillPanel';
import { PrintQueuePage } from './pages/PrintQueuePage';
import { DevicesPage } from './pages/DevicesPage';
import { AuditPage } from './pages/AuditPage';
import { StaffPage } from './pages/StaffPage';
import { TrainingDevices } from './components/TrainingDevices';
import { useTillHeader } from './state/useTillHeader';
import { KeysHelp } from './components/KeysHelp';
import { methods, type MethodName } from '../../base/contract/methods';
import { roleMay } from '../../base/contract/roles';

type PageKey = 'counter' | 'till' | 'print' | 'devices' | 'staff' | 'audit' | 'settings' | 'about';

/**
 * The tabs, each with the method its page cannot work without: a tab shows when the contract's
 * access list for that method lets the signed-in role call it (the core refuses the call anyway).
 */
const PAGES: { key: PageKey; label: string; keyHint?: string; needs?: MethodName; page: () => React.ReactNode }[] = [
  { key: 'counter', label: 'nav.counter', keyHint: 'F2', needs: 'journey.current', page: () => <CounterPage /> },
  { key: 'till', label: 'nav.till', keyHint: 'F5', needs: 'till.status', page: () => <TillPanel /> },
  { key: 'print', label: 'nav.print', keyHint: 'F8', needs: 'print.queue', page: () => <PrintQueuePage /> },
  { key: 'devices', label: 'nav.devices', needs: 'devices.ports', page: () => <DevicesPage /> },
  { key: 'audit', label: 'nav.audit', needs: 'audit.query', page: () => <AuditPage /> },
  { key: 'staff', label: 'nav.staff', needs: 'staff.list', page: () => <StaffPage /> },
  { key: 'settings', label: 'nav.settings', needs: 'settings.update', page: () => <SettingsPage /> },
  { key: 'about', label: 'nav.about', page: () => <AboutPage /> },
];

export function App({ onToggleLang }: { onToggleLang(): void }) {
  const { t } = useTranslation();
  const { info, fatal } = useCore();
  const { session, setupNeeded, lock, signOut } = useSession();
  const [page, setPage] = useState<PageKey>('counter');
  const tillState = useTillHeader();
  const [help, setHelp] = useState(false);

  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if (e.key === 'F1') {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === 'F2') {
        e.preventDefault();
        setPage('counter');
      } else if (e.key === 'F5') {
        e.preventDefault();
        setPage('till');
      } else if (e.key === 'F8') {
        e.preventDefault();
        setPage('print');
      } else if (e.key === 'F12') {
        e.preventDefault();
        void lock();
      }
    },
    [lock],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  const storageError = fatal ?? info?.storageError ?? null;
  let body: React.ReactNode;
  if (!info && !fatal) {
    body = (
      <Spin tip={t('loading')} size="large">
        <div style={{ height: 200 }} />
      </Spin>
    );
  } else if (storageError) {
    body = <StorageErrorScreen error={storageError} />;
  } else if (setupNeeded) {
    body = <SetupPage />;
  } else if (!session) {
    body = setupNeeded === null ? null : <SignInPage />;
  } else if (session.locked) {
    body = <LockScreen />;
  } else {
    const role = session.role;
    body = (
      <ErrorBoundary onBack={() => setPage('counter')}>
        <Tabs
          activeKey={page}
          onChange={(k) => setPage(k as PageKey)}
          tabBarExtraContent={
            <Button onClick={() => void signOut().catch(() => undefined)} data-testid="signout">
              {t('signin.signOut')}
            </Button>
          }
          destroyOnHidden
          items={PAGES.filter((p) => !p.needs || roleMay(role, methods[p.needs].access)).map((p) => ({
            key: p.key,
            label: p.keyHint ? `${t(p.label)} ${p.keyHint}` : t(p.label),
            children: p.page(),
          }))}
        />
        {info?.trainingMode && <TrainingDevices />}
      </ErrorBoundary>
    );
  }

  return (
    <Layout className={info?.trainingMode ? 'app training' : 'app'}>
      <Layout.Header className="header-bar">
        <Header clerk={session ? { staffNo: session.staffNo, name: session.name } : null} tillState={tillState.text} clockFlag={tillState.clock} onToggleLang={onToggleLang} />
      </Layout.Header>
      {info?.trainingMode && (
        <div className="training-banner" data-testid="training-banner" role="note">
          {t('app.trainingBanner')}
        </div>
      )}
      <Layout.Content className="content">{body}</Layout.Content>
      <KeysHelp open={help} onClose={() => setHelp(false)} />
      <Layout.Footer className="footer-bar">
        <StatusBar />
      </Layout.Footer>
    </Layout>
  );
}
