/** Times and ages on the hall page, in the hall's time zone whatever the browser's own zone is. */
import { hallI18n } from './i18n';

let zone = 'Asia/Shanghai';
export function setHallTimeZone(tz: string): void {
  zone = tz;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(kind: 'time' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${kind}|${zone}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit',
      ...(kind === 'dateTime' ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
    });
    fmtCache.set(key, f);
  }
  return f;
}

/** 2026-11-26 10:32:05 */
export function dateTime(ms: number | null | undefined): string {
  return ms ? fmt('dateTime').format(new Date(ms)) : '';
}

/** 10:32:05 */
export function clockTime(ms: number): string {
  return fmt('time').format(new Date(ms));
}

/** A duration in its largest whole unit: "45 秒", "3 分钟", "2 小时". */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return hallI18n.t('age.s', { n: s });
  if (s < 7200) return hallI18n.t('age.m', { n: Math.floor(s / 60) });
  if (s < 172_800) return hallI18n.t('age.h', { n: Math.floor(s / 3600) });
  return hallI18n.t('age.d', { n: Math.floor(s / 86_400) });
}

/** How long ago: "刚刚", "12 秒前", "3 分钟前". */
export function ago(at: number, now: number): string {
  const s = Math.floor((now - at) / 1000);
  if (s < 2) return hallI18n.t('ago.now');
  if (s < 120) return hallI18n.t('ago.s', { n: s });
  if (s < 7200) return hallI18n.t('ago.m', { n: Math.floor(s / 60) });
  if (s < 172_800) return hallI18n.t('ago.h', { n: Math.floor(s / 3600) });
  return hallI18n.t('ago.d', { n: Math.floor(s / 86_400) });
}

/** A clock skew with its sign: "+1 分钟", "−12 秒" (the counter ahead or behind the hall). */
export function skew(ms: number): string {
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '';
  const a = Math.abs(ms);
  return a < 1000 ? '0' : `${sign}${age(a)}`;
}

/** A long hash shortened for a table cell. */
export function shortHash(h: string | null): string {
  return h ? `${h.slice(0, 10)}…${h.slice(-6)}` : '—';
}
