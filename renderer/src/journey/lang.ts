import { useTranslation } from 'react-i18next';

/** Data from the catalog and the core carries both languages: pick the one in use. */
export function usePick(): (zh: string, en: string) => string {
  const { i18n } = useTranslation();
  return (zh, en) => (i18n.language === 'en' ? en : zh);
}
