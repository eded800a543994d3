import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN';
import { en } from './en';
import { errorOf } from '../client/client';

export type Lang = 'zh-CN' | 'en';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The text of an error (a refusal, a shape, anything thrown) in the current language. */
export function errText(e: unknown): string {
  const shape = errorOf(e);
  return i18next.language === 'en' ? shape.message_en : shape.message_zh;
}

export default i18next;
