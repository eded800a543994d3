/** Amounts are integer fen everywhere; shown as ￥1,286.50 with tabular figures. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const y = Math.floor(abs / 100);
  const f = abs % 100;
  return `${sign}￥${y.toLocaleString('en-US')}.${String(f).padStart(2, '0')}`;
}

/** "100", "100.5", "100.50" → 10050; null when it is not an amount. Never through floats. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Times are shown in the hall's time zone, whatever the machine's own zone is. */
let displayTimeZone = 'Asia/Shanghai';
export function setDisplayTimeZone(tz: string): void {
  displayTimeZone = tz;
}

export function hhmm(epochMs: number | null | undefined): string {
  if (!epochMs) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone: displayTimeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(epochMs));
}

export function displayZone(): string {
  return displayTimeZone;
}

/** `2026-11-26 10:03:05` in the hall's time zone (the audit log, the print queue). */
export function dateTime(epochMs: number): string {
  const p = new Intl.DateTimeFormat('en-GB', {
    timeZone: displayTimeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? '00';
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}:${g('second')}`;
}

/**
 * A duration as a clerk says it: 45 秒 · 3 分 12 秒 · 7 小时 43 分 (English: 45 s · 3 min 12 s ·
 * 7 h 43 min). Hours drop the seconds; a whole number of minutes drops them too.
 */
export function duration(ms: number, lang: string = 'zh-CN'): string {
  const zh = lang !== 'en';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const u = zh ? { h: ' 小时', m: ' 分', s: ' 秒' } : { h: ' h', m: ' min', s: ' s' };
  if (h > 0) return m > 0 ? `${h}${u.h} ${m}${u.m}` : `${h}${u.h}`;
  if (m > 0) return s > 0 ? `${m}${u.m} ${s}${u.s}` : `${m}${u.m}`;
  return `${s}${u.s}`;
}
