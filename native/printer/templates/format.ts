/** How money and times look on paper (ID numbers: base/mask.ts). */
/** Integer fen → `￥1,286.50` (negative: `-￥12.00`). Throws on a non-integer: money is never a float. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount must be integer fen, got ${fen}`);
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${neg ? '-' : ''}￥${yuan}.${cents}`;
}


/** `2024-05-01 09:30:05` in the hall's time zone. */
export function formatTime(epochMs: number, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** A denomination in fen as the cash count sheet names it: 10000 → 100元, 50 → 5角, 1 → 1分. */
export function denominationLabel(fen: number): string {
  if (fen >= 100 && fen % 100 === 0) return `${fen / 100}元`;
  if (fen >= 10 && fen % 10 === 0) return `${fen / 10}角`;
  return `${fen}分`;
}
