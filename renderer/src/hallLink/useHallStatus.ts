/**
 * This counter's hall link as the screens show it: `hall.status` once, then every `hall.changed`
 * the core pushes. Ages (the oldest unsent row, the time offline) tick once a second from the
 * core's clock at the last status, so they grow while nothing changes.
 */
import { useEffect, useState } from 'react';
import type { HallStatus } from '../../../base/contract/hall';
import { invoke, on } from '../client/client';

export interface HallView {
  status: HallStatus | null;
  /** The core's clock now (its `now` at the last status, carried forward). */
  now: number;
  setStatus(s: HallStatus): void;
}

export function useHallStatus(): HallView {
  const [st, setSt] = useState<{ s: HallStatus; at: number } | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const off = on('hall.changed', (s) => alive && setSt({ s, at: Date.now() }));
    invoke('hall.status', {}).then(
      (s) => alive && setSt((cur) => cur ?? { s, at: Date.now() }),
      () => undefined, // the status bar stays quiet when the core cannot say; the device page shows the refusal of its own calls
    );
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => {
      alive = false;
      off();
      clearInterval(timer);
    };
  }, []);
  void tick;
  return { status: st?.s ?? null, now: st ? st.s.now + (Date.now() - st.at) : Date.now(), setStatus: (s) => setSt({ s, at: Date.now() }) };
}

/** "45 s", "12 min", "3 h 05 min" — in the current language's words. */
export function age(ms: number, lang: string): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const en = lang === 'en';
  if (s < 60) return en ? `${s} s` : `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return en ? `${m} min` : `${m} 分钟`;
  const h = Math.floor(m / 60);
  const mm = String(m % 60).padStart(2, '0');
  return en ? `${h} h ${mm} min` : `${h} 小时 ${mm} 分`;
}

/** The pinned SHA-256 fingerprint in groups of four, as the hall page shows it, to compare aloud. */
export function fingerprintGroups(hex: string): string {
  return hex.replace(/[^0-9a-f]/gi, '').toUpperCase().match(/.{1,4}/g)?.join(' ') ?? hex;
}
