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

type PageKey = 'counter' | 'till' | 'print' | 'devices' | 'staff' | 'audit' | 'settings' | 'about';

export function App({ onToggleLang }: { onToggleLang(): void }) {
  const { t } = useTranslation();
  const { info, fatal } = useCore();
  const { session, setupNeeded, lock, signOut } = useSession();
  const [page, setPage] = useState<PageKey>('counter');
  const tillState = useTillHeader(!!session && !session.locked);
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
    const manager = session.role === 'duty_manager' || session.role === 'admin';
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
          items={[
            { key: 'counter', label: `${t('nav.counter')} F2`, children: <CounterPage /> },
            { key: 'till', label: `${t('nav.till')} F5`, children: <TillPanel /> },
            { key: 'print', label: `${t('nav.print')} F8`, children: <PrintQueuePage /> },
            ...(manager ? [{ key: 'devices', label: t('nav.devices'), children: <DevicesPage /> }] : []),
            ...(manager ? [{ key: 'audit', label: t('nav.audit'), children: <AuditPage /> }] : []),
            ...(session.role === 'admin' ? [{ key: 'staff', label: t('nav.staff'), children: <StaffPage /> }] : []),
            ...(manager ? [{ key: 'settings', label: t('nav.settings'), children: <SettingsPage /> }] : []),
            { key: 'about', label: t('nav.about'), children: <AboutPage /> },
          ]}
        />
        {info?.trainingMode && <TrainingDevices />}
      </ErrorBoundary>
    );
  }

  return (
    <Layout className={info?.trainingMode ? 'app training' : 'app'}>
      <Layout.Header className="header-bar">
        <Header clerk={session ? { staffNo: session.staffNo, name: session.name } : null} tillState={tillState} onToggleLang={onToggleLang} />
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
