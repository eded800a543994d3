/** The header's till word: not open / open / settled — and, for the duty manager only, the expected cash. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, on } from '../client/client';
import { yuan } from '../format';

export function useTillHeader(signedIn: boolean): string | null {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!signedIn) {
      setText(null);
      return;
    }
    const load = () =>
      void invoke('till.status', {})
        .then((s) => {
          if (!s.session) setText(t('header.tillClosed'));
          else if (s.session.status === 'settled') setText(t('header.tillSettled'));
          else setText(s.manager ? `${t('header.tillOpen')} ${yuan(s.manager.expectedCashFen)}*` : t('header.tillOpen'));
        })
        .catch(() => setText(null));
    load();
    return on('till.changed', load);
  }, [signedIn, t]);
  return text;
}
