import './zodConfig';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import i18next from './i18n';
import { App } from './App';
import { CoreProvider } from './state/CoreContext';
import { SessionProvider } from './state/SessionContext';
import { TillStatusProvider } from './state/TillStatusContext';
import './styles.css';

function Root() {
  const [lang, setLang] = useState<'zh-CN' | 'en'>('zh-CN');
  const toggle = () => {
    const next = lang === 'zh-CN' ? 'en' : 'zh-CN';
    void i18next.changeLanguage(next);
    document.documentElement.lang = next;
    setLang(next);
  };
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token: { fontSize: 16, controlHeight: 40 } }}>
      <AntApp>
        <CoreProvider>
          <SessionProvider>
            <TillStatusProvider>
              <App onToggleLang={toggle} />
            </TillStatusProvider>
          </SessionProvider>
        </CoreProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
