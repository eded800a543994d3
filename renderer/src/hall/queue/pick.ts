/** Chinese or English by the page's language. */
import { useTranslation } from 'react-i18next';

export function usePickHall(): (zh: string, en: string) => string {
  const { i18n } = useTranslation();
  return (zh, en) => (i18n.language === 'en' ? en : zh);
}
