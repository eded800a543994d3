/**
 * The app log: one line per event in `<dataDir>/logs/counterdesk.log`, plus stderr.
 * Every line passes the PII scrubber first, so an ID number can never reach disk through a log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scrubPii } from './privacy';

export interface Logger {
  info(area: string, msg: string): void;
  warn(area: string, msg: string): void;
  error(area: string, msg: string): void;
  close(): void;
  readonly file: string | null;
}

export function createLogger(dataDir: string | null, opts: { echo?: boolean } = {}): Logger {
  let fd: number | null = null;
  let file: string | null = null;
  if (dataDir) {
    try {
      const dir = path.join(dataDir, 'logs');
      fs.mkdirSync(dir, { recursive: true });
      file = path.join(dir, 'counterdesk.log');
      fd = fs.openSync(file, 'a');
    } catch {
      fd = null; // a read-only data folder is reported by storage; logging goes to stderr only
    }
  }
  const echo = opts.echo ?? process.env.COUNTERDESK_LOG_ECHO === '1';
  const write = (level: string, area: string, msg: string) => {
    const line = scrubPii(`${new Date().toISOString()} ${level} [${area}] ${msg}`);
    if (fd !== null) {
      try {
        fs.writeSync(fd, line + '\n');
      } catch {
        /* disk full: nothing better to do than keep serving */
      }
    }
    if (echo || level === 'ERROR') process.stderr.write(line + '\n');
  };
  return {
    file,
    info: (a, m) => write('INFO', a, m),
    warn: (a, m) => write('WARN', a, m),
    error: (a, m) => write('ERROR', a, m),
    close: () => {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
