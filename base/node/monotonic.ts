/**
 * The OS's monotonic clock for the clock guard (base/clock.ts): which boot this is, and how long
 * since it, including sleep. Linux: /proc/sys/kernel/random/boot_id and /proc/uptime (CLOCK_BOOTTIME:
 * nobody at the counter can set it). Elsewhere (Windows): os.uptime() and the boot time it
 * implies, fixed once per process — a wall clock changed before this process started then moves
 * the "boot" and shows as a reboot, whose gap is counted all the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Clock, MonotonicReading } from '../clock';

let processBootId: string | null = null;

function linuxReading(): MonotonicReading | null {
  try {
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const up = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    if (!bootId || !Number.isFinite(up)) return null;
    return { bootId, uptimeMs: Math.round(up * 1000) };
  } catch {
    return null;
  }
}

export function osMonotonic(): MonotonicReading | null {
  if (process.platform === 'linux') {
    const r = linuxReading();
    if (r) return r;
  }
  const uptimeMs = Math.round(os.uptime() * 1000);
  if (!Number.isFinite(uptimeMs) || uptimeMs <= 0) return null;
  // Rounded to the minute: the boot time computed from two readings differs by milliseconds.
  processBootId ??= `boot-at-${Math.round((Date.now() - uptimeMs) / 60_000)}`;
  return { bootId: processBootId, uptimeMs };
}

/** The clock with the OS's monotonic reading beside it, unless it carries its own (a test's). */
export function withOsMonotonic(clock: Clock): Clock {
  if (clock.monotonic) return clock;
  return { now: () => clock.now(), monotonic: osMonotonic };
}
