/** The hall page's entry (renderer/hall.html): Chinese first, English on a key. */
import '../zodConfig';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { I18nextProvider } from 'react-i18next';
import { HallApp } from './HallApp';
import { DisplayApp } from './queue/DisplayApp';
import { DISPLAY_PAGE_PATH } from '../../../base/contract/queue';
import { HallClockProvider } from './HallClock';
import { HallSessionProvider } from './HallSession';
import { hallI18n, type HallLang } from './i18n';
import './hall.css';

function Root() {
  const [lang, setLang] = useState<HallLang>('zh-CN');
  const toggle = () => {
    const next: HallLang = lang === 'zh-CN' ? 'en' : 'zh-CN';
    void hallI18n.changeLanguage(next);
    document.documentElement.lang = next;
    setLang(next);
  };
  return (
    <I18nextProvider i18n={hallI18n}>
      <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token: { fontSize: 14, controlHeight: 32 } }}>
        <AntApp>
          <HallClockProvider>
            <HallSessionProvider>
              <HallApp onToggleLang={toggle} />
            </HallSessionProvider>
          </HallClockProvider>
        </AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}

// The hall TV opens /display: the queue's display, no sign-in (hall/queue/routes.ts).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {window.location.pathname === DISPLAY_PAGE_PATH ? (
      <I18nextProvider i18n={hallI18n}>
        <DisplayApp />
      </I18nextProvider>
    ) : (
      <Root />
    )}
  </StrictMode>,
);
