// The page-by-page integrity check left the start path (it read every page of five years before
// the first screen): it runs after start on a worker thread and still finds damage, which the
// status bar's database light and the log then show.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE, openDatabase } from '../../../electron/core/storage/db';
import { checkIntegrityInBackground } from '../../../electron/core/storage/integrity';
import { startCore } from '../../../electron/core/app';
import { confSettingsPort } from '../../../electron/core/settings/confPort';
import { ManualClock } from '../../../base/clock';
import { tempDir } from '../../helpers/tempDir';
import type { DevicesStatus } from '../../../base/contract/devices';

/** A database whose schema is whole but one of its table's pages in the middle is overwritten. */
function damagedDataDir(): string {
  const dir = tempDir();
  const o = openDatabase({ dataDir: dir });
  o.db.exec('CREATE TABLE bulk (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const ins = o.db.prepare('INSERT INTO bulk (body) VALUES (?)');
  o.db.transaction(() => {
    for (let i = 0; i < 3000; i++) ins.run(`row ${i} `.repeat(20));
  })();
  o.db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = o.db.pragma('page_size', { simple: true }) as number;
  const pages = o.db.pragma('page_count', { simple: true }) as number;
  o.db.close();
  const file = path.join(dir, DB_FILE);
  const fd = fs.openSync(file, 'r+');
  // A page of the bulk table near the end (the schema pages come first): garbage, as a bad sector would leave.
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pages - 3) * pageSize);
  fs.closeSync(fd);
  return dir;
}

describe('background integrity check', () => {
  it('says ok for a whole database', async () => {
    const dir = tempDir();
    openDatabase({ dataDir: dir }).db.close();
    expect(await checkIntegrityInBackground(path.join(dir, DB_FILE)).result).toBe('ok');
  });

  it('finds a damaged page that opening the database does not notice', async () => {
    const dir = damagedDataDir();
    const opened = openDatabase({ dataDir: dir });
    opened.db.close();
    const result = await checkIntegrityInBackground(path.join(dir, DB_FILE)).result;
    expect(result).not.toBe('ok');
    expect(result.startsWith('error: ')).toBe(false);
  });

  const start = (dataDir: string, clock = new ManualClock(Date.UTC(2026, 10, 26, 2))) =>
    startCore({ dataDir, settingsPort: confSettingsPort(dataDir), version: 'test', transport: 'http', clock, integrityCheckDelayMs: 0 });

  it('the running app then shows the database as damaged', async () => {
    const dir = damagedDataDir();
    const core = await start(dir);
    try {
      const damaged = new Promise<DevicesStatus>((resolve) => {
        const check = (s: DevicesStatus) => s.database.state === 'error' && resolve(s);
        core.bus.subscribe((e) => e.name === 'devices.changed' && check(e.payload as DevicesStatus));
        check(core.devices.get());
      });
      const s = await damaged;
      expect(s.database.message_zh).toContain('数据库检查发现损坏');
      expect(core.storageError).toBeNull();
    } finally {
      await core.close();
    }
  });

  it('runs once a day: a clean check is recorded, and a restart the same day does not check again', async () => {
    const dir = tempDir();
    const clock = new ManualClock(Date.UTC(2026, 10, 26, 2));
    const first = await start(dir, clock);
    // Every log file: the log is renamed after its day when the next day begins (electron/core/log.ts).
    const logged = () =>
      fs.readdirSync(path.join(dir, 'logs')).reduce((n, f) => {
        let text = '';
        try {
          text = fs.readFileSync(path.join(dir, 'logs', f), 'utf8');
        } catch {
          // renamed between the listing and the read: counted at the next look
        }
        return n + (text.match(/integrity check: ok/g)?.length ?? 0);
      }, 0);
    await new Promise<void>((resolve) => {
      const wait = () => (logged() === 1 ? resolve() : setTimeout(wait, 20));
      wait();
    });
    await first.close();
    clock.advance(3 * 3_600_000);
    const again = await start(dir, clock);
    await again.close();
    clock.advance(21 * 3_600_000);
    const nextDay = await start(dir, clock);
    await new Promise<void>((resolve) => {
      const wait = () => (logged() === 2 ? resolve() : setTimeout(wait, 20));
      wait();
    });
    await nextDay.close();
    expect(logged()).toBe(2);
  });

  it('refuses a file that is not a database at once, as before', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DB_FILE), 'not a database '.repeat(300));
    expect(() => openDatabase({ dataDir: dir })).toThrow(expect.objectContaining({ code: 'STORAGE_CORRUPT' }));
    expect(() => new Database(path.join(dir, DB_FILE), { readonly: true }).pragma('quick_check')).toThrow();
  });
});
