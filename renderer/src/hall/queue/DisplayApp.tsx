/**
 * The hall display (GET /display on the hall TV, 1920×1080, no sign-in): the current call of each
 * counter large, the last calls, and how many wait per group. Each call is announced aloud
 * (announce.ts) and shown as 请 A023 号到 3 号台席 for a few seconds. Live from the queue's
 * stream; the view is read again whenever the waiting line moves or the stream reconnects.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { announcementText, type CallView, type DisplayView } from '../../../../base/contract/queue';
import { clockTime } from '../format';
import { usePickHall } from './pick';
import { announce, chineseVoice } from './announce';
import { fetchDisplay, openQueueStream } from './stream';
import './i18n';
import './queue.css';

const FLASH_MS = 8_000;

export function DisplayApp() {
  const { t } = useTranslation();
  const pick = usePickHall();
  const [view, setView] = useState<DisplayView | null>(null);
  const [flash, setFlash] = useState<CallView | null>(null);
  const [sound, setSound] = useState(false);
  const [how, setHow] = useState<'voice' | 'chime' | null>(null);
  const soundRef = useRef(false);
  // The hall's clock, ticking from the offset of the last view read.
  const offset = useRef(0);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offset.current), 1000);
    return () => clearInterval(timer);
  }, []);
  const reading = useRef(false);
  const again = useRef(false);

  const reload = useCallback(async () => {
    if (reading.current) {
      again.current = true;
      return;
    }
    reading.current = true;
    try {
      do {
        again.current = false;
        const v = await fetchDisplay();
        offset.current = v.hallTime - Date.now();
        setNow(v.hallTime);
        setView(v);
      } while (again.current);
    } catch {
      // The stream's reconnect reads it again.
    } finally {
      reading.current = false;
    }
  }, []);

  useEffect(() => {
    void reload();
    return openQueueStream({
      onOpen: () => void reload(),
      onChanged: () => void reload(),
      onCall: (c) => {
        // Shown at once from the event itself (no read): the number on screen within the event's time.
        setView((v) => (v ? { ...v, current: [c, ...v.current.filter((x) => x.counter !== c.counter)], recent: [c, ...v.recent].slice(0, 8) } : v));
        setFlash(c);
        if (soundRef.current) setHow(announce(c.label, c.counter));
      },
    });
  }, [reload]);

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flash]);

  const enableSound = () => {
    soundRef.current = true;
    setSound(true);
    setHow(chineseVoice() ? 'voice' : 'chime');
  };

  return (
    <div className="qd" onClick={sound ? undefined : enableSound} data-testid="display">
      <header className="qd-head">
        <span className="qd-title">{t('queue.display.title')}</span>
        <span className="qd-clock">{now !== null ? clockTime(now) : ''}</span>
      </header>
      {flash && (
        <div className="qd-flash" data-testid="display-flash" aria-live="assertive">
          {announcementText(flash.label, flash.counter)}
        </div>
      )}
      <main className="qd-main">
        <section className="qd-current">
          <h2>{t('queue.display.now')}</h2>
          {view && view.current.length === 0 && <div className="qd-empty">{t('queue.display.nobody')}</div>}
          <ul>
            {view?.current.map((c) => (
              <li key={c.counter} className={flash?.id === c.id ? 'qd-row qd-new' : 'qd-row'} data-testid={`display-current-${c.counter}`}>
                <span className="qd-ticket">{c.label}</span>
                <span className="qd-arrow">→</span>
                <span className="qd-counter">{t('queue.display.counter', { n: c.counter })}</span>
              </li>
            ))}
          </ul>
        </section>
        <aside className="qd-side">
          <h2>{t('queue.display.recent')}</h2>
          <ul className="qd-recent" data-testid="display-recent">
            {view?.recent.map((c) => (
              <li key={c.id}>
                <span>{c.label}</span>
                <span>{t('queue.display.counter', { n: c.counter })}</span>
              </li>
            ))}
          </ul>
          <h2>{t('queue.display.waiting')}</h2>
          <ul className="qd-waiting">
            {view?.waiting.map((g) => (
              <li key={g.group} data-testid={`display-waiting-${g.group}`}>
                <span>
                  {g.prefix} · {pick(g.nameZh, g.nameEn)}
                </span>
                <span>{t('queue.display.people', { n: g.waiting })}</span>
              </li>
            ))}
          </ul>
        </aside>
      </main>
      <footer className="qd-foot">
        {sound ? (how === 'voice' ? t('queue.display.voice', { v: chineseVoice()?.name ?? '' }) : t('queue.display.chime')) : t('queue.display.sound')}
      </footer>
    </div>
  );
}
