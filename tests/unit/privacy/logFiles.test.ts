// The app log: one file per day (by the core's clock), owner-only, scrubbed; the retention purge
// deletes the files whose every line is older than the period, never a newer one.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import { createLogger } from '../../../electron/core/log';
import { tempDir } from '../../helpers/tempDir';

const DAY = 24 * 3_600_000;
const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
const list = (dir: string) => fs.readdirSync(path.join(dir, 'logs')).sort();

describe('log files', () => {
  it('start a new file each day, named after the day of their lines, owner-only', () => {
    const dir = tempDir();
    const clock = new ManualClock(T0);
    const log = createLogger(dir, { clock, echo: false });
    log.info('t', 'day one');
    clock.advance(DAY);
    log.info('t', 'day two');
    clock.advance(3 * DAY);
    log.warn('t', 'day five');
    log.close();
    expect(list(dir)).toEqual(['counterdesk-2026-11-26.log', 'counterdesk-2026-11-27.log', 'counterdesk.log']);
    expect(fs.readFileSync(path.join(dir, 'logs/counterdesk-2026-11-26.log'), 'utf8')).toBe('2026-11-26T02:00:00.000Z INFO [t] day one\n');
    expect(fs.readFileSync(path.join(dir, 'logs/counterdesk.log'), 'utf8')).toContain('2026-11-30T02:00:00.000Z WARN [t] day five');
    if (process.platform !== 'win32') {
      expect(fs.statSync(path.join(dir, 'logs')).mode & 0o777).toBe(0o700);
      for (const f of list(dir)) expect(fs.statSync(path.join(dir, 'logs', f)).mode & 0o777, f).toBe(0o600);
    }
  });

  it('a restart on a later day moves the last run’s file aside first (an older version’s single file too)', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.writeFileSync(path.join(dir, 'logs/counterdesk.log'), '2026-01-02T08:00:00.000Z INFO [old] a\n2026-05-03T08:00:00.000Z INFO [old] b\n');
    const log = createLogger(dir, { clock: new ManualClock(T0), echo: false });
    log.info('t', 'new');
    log.close();
    // Named after its last line: it holds nothing newer than that day.
    expect(list(dir)).toEqual(['counterdesk-2026-05-03.log', 'counterdesk.log']);
  });

  it('purgeBefore deletes only files whose every line is older than the cut-off', () => {
    const dir = tempDir();
    const clock = new ManualClock(T0);
    const log = createLogger(dir, { clock, echo: false });
    for (let d = 0; d < 4; d++) {
      log.info('t', `day ${d}`);
      clock.advance(DAY);
    }
    log.info('t', 'today');
    // A cut-off in the middle of 2026-11-28: the 26th and 27th are wholly before it, the 28th is not.
    expect(log.purgeBefore(T0 + 2 * DAY + 3_600_000).sort()).toEqual(['counterdesk-2026-11-26.log', 'counterdesk-2026-11-27.log']);
    expect(list(dir)).toEqual(['counterdesk-2026-11-28.log', 'counterdesk-2026-11-29.log', 'counterdesk.log']);
    // A counter idle past the whole period: even the live file goes, and logging goes on.
    clock.advance(400 * DAY);
    expect(log.purgeBefore(clock.now() - 180 * DAY)).toHaveLength(3);
    log.info('t', 'after');
    log.close();
    expect(list(dir)).toEqual(['counterdesk.log']);
  });
});
