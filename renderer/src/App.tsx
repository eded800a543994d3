/** The one window: header, the page in view, the status bar. Keyboard first. */
import { Layout, Spin, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from './components/Header';
import { StatusBar } from './components/StatusBar';
import { ErrorBoundary } from './components/ErrorBoundary';
import { StorageErrorScreen } from './components/StorageErrorScreen';
import { AboutPage } from './pages/AboutPage';
import { SettingsPage } from './pages/SettingsPage';
import { CounterPage } from './pages/CounterPage';
import { useCore } from './state/CoreContext';

type PageKey = 'counter' | 'settings' | 'about';

export function App({ onToggleLang }: { onToggleLang(): void }) {
  const { t } = useTranslation();
  const { info, fatal } = useCore();
  const [page, setPage] = useState<PageKey>('counter');

  const onKey = useCallback((e: KeyboardEvent) => {
    if (e.key === 'F2') {
      e.preventDefault();
      setPage('counter');
    }
  }, []);
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  const storageError = fatal ?? info?.storageError ?? null;
  return (
    <Layout className={info?.trainingMode ? 'app training' : 'app'}>
      <Layout.Header className="header-bar">
        <Header clerk={null} tillState={null} onToggleLang={onToggleLang} />
      </Layout.Header>
      {info?.trainingMode && (
        <div className="training-banner" data-testid="training-banner" role="note">
          {t('app.trainingBanner')}
        </div>
      )}
      <Layout.Content className="content">
        {!info && !fatal ? (
          <Spin tip={t('loading')} size="large">
            <div style={{ height: 200 }} />
          </Spin>
        ) : storageError ? (
          <StorageErrorScreen error={storageError} />
        ) : (
          <ErrorBoundary onBack={() => setPage('counter')}>
            <Tabs
              activeKey={page}
              onChange={(k) => setPage(k as PageKey)}
              items={[
                { key: 'counter', label: t('nav.counter'), children: <CounterPage /> },
                { key: 'settings', label: t('nav.settings'), children: <SettingsPage /> },
                { key: 'about', label: t('nav.about'), children: <AboutPage /> },
              ]}
            />
          </ErrorBoundary>
        )}
      </Layout.Content>
      <Layout.Footer className="footer-bar">
        <StatusBar />
      </Layout.Footer>
    </Layout>
  );
}
