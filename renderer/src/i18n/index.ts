import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN';
import { en } from './en';

export type Lang = 'zh-CN' | 'en';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The bilingual error text in the current language. */
export function errText(e: { message_zh: string; message_en: string }): string {
  return i18next.language === 'en' ? e.message_en : e.message_zh;
}

export default i18next;
