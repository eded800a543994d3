/** The one window: header, the page in view, the status bar. Keyboard first. */
import { Button, Layout, Spin, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { StatusKeysContext } from './components/statusKeys';
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
const PAGES: { key: PageKey; label: string; keyHint?: string; needs?: MethodName; page: (p: { reprintRequest: number }) => React.ReactNode }[] = [
  { key: 'counter', label: 'nav.counter', keyHint: 'F2', needs: 'journey.current', page: () => <CounterPage /> },
  { key: 'till', label: 'nav.till', keyHint: 'F5', needs: 'till.status', page: () => <TillPanel /> },
  { key: 'print', label: 'nav.print', keyHint: 'F8', needs: 'print.queue', page: (p) => <PrintQueuePage reprintRequest={p.reprintRequest} /> },
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
  // F8 asks the print page to reprint the last receipt (it opens the approval dialog).
  const [reprintRequest, setReprintRequest] = useState(0);
  const [screenKeys, setScreenKeys] = useState<string | null>(null);
  const working = !!session && !session.locked;

  // Every key the status bar offers works on every screen it shows on; the browser's own F-keys never run.
  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if (!/^F\d+$/.test(e.key)) return;
      e.preventDefault();
      if (e.key === 'F1') setHelp(true);
      if (!working) return;
      if (e.key === 'F2') setPage('counter');
      else if (e.key === 'F5') setPage('till');
      else if (e.key === 'F8') {
        setPage('print');
        setReprintRequest((n) => n + 1);
      } else if (e.key === 'F12') void lock();
    },
    [lock, working],
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
            children: p.page({ reprintRequest }),
          }))}
        />
      </ErrorBoundary>
    );
  }

  return (
    <StatusKeysContext.Provider value={setScreenKeys}>
    <Layout className={info?.trainingMode ? 'app training' : 'app'}>
      <Layout.Header className="header-bar">
        <Header clerk={session ? { staffNo: session.staffNo, name: session.name } : null} tillState={tillState.text} clockFlag={tillState.clock} onToggleLang={onToggleLang} />
      </Layout.Header>
      {info?.trainingMode && (
        // One line: what training mode means, and (signed in) the simulated devices' buttons.
        <div className="training-banner" role="note">
          <span className="training-text" data-testid="training-banner">
            {working ? t('app.trainingShort') : t('app.trainingBanner')}
          </span>
          {working && <TrainingDevices />}
        </div>
      )}
      <Layout.Content className="content">{body}</Layout.Content>
      <KeysHelp open={help} onClose={() => setHelp(false)} />
      <Layout.Footer className="footer-bar">
        <StatusBar keys={working ? [screenKeys, t('status.keys')].filter(Boolean).join(' · ') : t('status.keysSignedOut')} />
      </Layout.Footer>
    </Layout>
    </StatusKeysContext.Provider>
  );
}
