/** How the desk writes its numbers: yuan from fen, seconds, percentages, the change against before. */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
export const secs = (ms: number | null) => (ms === null ? '—' : ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : `${Math.round(ms / 1000)} s`);
export const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
export function change(cur: number, prev: number): string {
  if (prev === 0) return cur === 0 ? '0%' : '—';
  const c = ((cur - prev) / prev) * 100;
  return `${c > 0 ? '+' : ''}${c.toFixed(1)}%`;
}
