/** How long, as a person says it: "7 小时 43 分" / "7 h 43 min" (minutes rounded up; never "463 分钟"). */
export function minutesText(totalMinutes: number): { zh: string; en: string } {
  const m = Math.max(0, Math.ceil(totalMinutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return { zh: `${rest} 分钟`, en: `${rest} min` };
  if (rest === 0) return { zh: `${h} 小时`, en: `${h} h` };
  return { zh: `${h} 小时 ${rest} 分`, en: `${h} h ${rest} min` };
}

/** The same from milliseconds (rounded to the nearest minute). */
export function durationText(ms: number): { zh: string; en: string } {
  return minutesText(Math.round(Math.abs(ms) / 60_000));
}
