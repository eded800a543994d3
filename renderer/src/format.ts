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
