/**
 * The app log: one line per event in `<dataDir>/logs/counterdesk.log`, plus stderr.
 * Every line passes the PII scrubber first, so an ID number can never reach disk through a log.
 *
 * One file per day: when the first line of a new day (UTC, by the core's clock) is written, the
 * file is renamed `counterdesk-YYYY-MM-DD.log` after the day of its last line. A log is personal
 * data in the wider sense (staff numbers, journey references, times), so the retention purge
 * deletes every file whose last line is older than the retention period (`purgeBefore`). Files
 * are created owner-only (0600) in an owner-only folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '../../base/clock';
import { scrubPii } from './privacy';

export interface Logger {
  info(area: string, msg: string): void;
  warn(area: string, msg: string): void;
  error(area: string, msg: string): void;
  close(): void;
  /** Deletes the log files whose every line is older than `before` (epoch ms); returns their names. */
  purgeBefore(before: number): string[];
  readonly file: string | null;
}

export const LOG_DIR = 'logs';
export const LIVE_LOG = 'counterdesk.log';
const DAY_MS = 24 * 3_600_000;
const ROTATED = /^counterdesk-(\d{4}-\d{2}-\d{2})(?:\.\d+)?\.log$/;

const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The day of the file's last line (its timestamp), or of its last change when no line parses. */
function lastLineDay(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return null;
    const len = Math.min(size, 4096);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').trimEnd().split('\n');
    const at = Date.parse((lines[lines.length - 1] ?? '').slice(0, 24));
    return dayOf(Number.isFinite(at) ? at : fs.fstatSync(fd).mtimeMs);
  } finally {
    fs.closeSync(fd);
  }
}

export function createLogger(dataDir: string | null, opts: { echo?: boolean; clock?: Clock } = {}): Logger {
  const clock = opts.clock ?? systemClock;
  let fd: number | null = null;
  let file: string | null = null;
  let dir: string | null = null;
  /** The day of the last line in the live file (null: empty). */
  let fileDay: number | null = null;

  const open = () => {
    if (!dir) return;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      file = path.join(dir, LIVE_LOG);
      fileDay = lastLineDay(file);
      fd = fs.openSync(file, 'a', 0o600);
    } catch {
      fd = null; // a read-only data folder is reported by storage; logging goes to stderr only
    }
  };
  /** Renames the live file after the day of its last line and starts a new one. */
  const rotate = () => {
    if (!dir || !file || fileDay === null) return;
    if (fd !== null) fs.closeSync(fd);
    fd = null;
    try {
      let target = path.join(dir, `counterdesk-${isoDay(fileDay)}.log`);
      for (let n = 2; fs.existsSync(target); n++) target = path.join(dir, `counterdesk-${isoDay(fileDay)}.${n}.log`);
      fs.renameSync(file, target);
    } catch {
      // Could not rename: keep appending to the same file rather than lose lines.
    }
    open();
  };

  if (dataDir) {
    dir = path.join(dataDir, LOG_DIR);
    open();
    if (fileDay !== null && fileDay !== dayOf(clock.now())) rotate();
  }
  const echo = opts.echo ?? process.env.COUNTERDESK_LOG_ECHO === '1';
  const write = (level: string, area: string, msg: string) => {
    const now = clock.now();
    const line = scrubPii(`${new Date(now).toISOString()} ${level} [${area}] ${msg}`);
    if (fileDay !== null && dayOf(now) !== fileDay) rotate();
    if (fd !== null) {
      try {
        fs.writeSync(fd, line + '\n');
        fileDay = dayOf(now);
      } catch {
        /* disk full: nothing better to do than keep serving */
      }
    }
    if (echo || level === 'ERROR') process.stderr.write(line + '\n');
  };
  return {
    get file() {
      return file;
    },
    info: (a, m) => write('INFO', a, m),
    warn: (a, m) => write('WARN', a, m),
    error: (a, m) => write('ERROR', a, m),
    purgeBefore(before) {
      if (!dir) return [];
      // The live file too, when even its last line is past the period (a counter idle that long).
      if (fileDay !== null && (fileDay + 1) * DAY_MS <= before) rotate();
      const gone: string[] = [];
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch {
        return gone;
      }
      for (const name of names) {
        const m = ROTATED.exec(name);
        if (!m) continue;
        // Every line of the file was written on that day or before.
        if (Date.parse(`${m[1]}T00:00:00Z`) + DAY_MS > before) continue;
        try {
          fs.rmSync(path.join(dir, name));
          gone.push(name);
        } catch {
          // In use elsewhere or already gone: the next purge tries again.
        }
      }
      return gone;
    },
    close: () => {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
