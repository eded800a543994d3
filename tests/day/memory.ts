/**
 * The app's memory over the day: its resident set after every customer, read from /proc, and
 * the business day's first and last hour compared. The day's customers stand for 09:00–18:00,
 * so each hour is a ninth of them; "growth" is the last hour's median over the first hour's.
 */
import fs from 'node:fs';

export interface MemorySample {
  customer: number;
  rssMb: number;
}

export interface HourMemory {
  /** Customers of that hour, first and last (1-based). */
  from: number;
  to: number;
  medianMb: number;
  maxMb: number;
}

export interface DayMemory {
  firstHour: HourMemory | null;
  lastHour: HourMemory | null;
  /** lastHour.medianMb − firstHour.medianMb. */
  growthMb: number | null;
}

export const OPENING_HOURS = 9;

/** VmRSS and VmHWM of a process, in kB (null off Linux or once it is gone). */
export function procMemoryKb(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return rss && hwm ? { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) } : null;
  } catch {
    return null;
  }
}

function hour(samples: readonly MemorySample[], from: number, to: number): HourMemory | null {
  const xs = samples.filter((s) => s.customer >= from && s.customer <= to).map((s) => s.rssMb);
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  return { from, to, medianMb: r1(sorted[Math.floor((sorted.length - 1) / 2)]!), maxMb: r1(sorted.at(-1)!) };
}

/** First and last business hour of a day of `customers` (pure: tested). */
export function dayMemory(samples: readonly MemorySample[], customers: number): DayMemory {
  const perHour = Math.max(1, Math.ceil(customers / OPENING_HOURS));
  const firstHour = hour(samples, 1, Math.min(customers, perHour));
  const lastHour = hour(samples, Math.max(1, customers - perHour + 1), customers);
  const growthMb = firstHour && lastHour ? Math.round((lastHour.medianMb - firstHour.medianMb) * 10) / 10 : null;
  return { firstHour, lastHour, growthMb };
}
