/**
 * The hall page's own i18next instance (its own entry and strings; the counter's i18n is the
 * counter screen's), Chinese first with English.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { errorOf } from '../client';
import { hallEn } from './en';
import { hallZhCN } from './zh-CN';

export type HallLang = 'zh-CN' | 'en';

export const hallI18n = i18next.createInstance();
void hallI18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: hallZhCN }, en: { translation: hallEn } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** A refusal (or anything thrown) in the page's language. */
export function errText(e: unknown): string {
  const shape = errorOf(e);
  return hallI18n.language === 'en' ? shape.message_en : shape.message_zh;
}
