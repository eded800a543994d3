// Storage refuses what it cannot use safely: newer schema, a damaged file, a read-only folder.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DB_FILE, loadMigrations, openDatabase } from '../../../electron/core/storage/db';
import { BilingualError } from '../../../base/contract/errors';
import { testCore } from '../../helpers/core';
import { tempDir } from '../../helpers/tempDir';

function openError(dataDir: string): BilingualError {
  try {
    openDatabase({ dataDir }).db.close();
  } catch (e) {
    return e as BilingualError;
  }
  throw new Error('expected openDatabase to fail');
}

describe('storage', () => {
  it('applies every migration in order, with WAL and foreign keys on', () => {
    const dir = tempDir();
    const latest = Math.max(...loadMigrations().map((m) => m.version));
    const o = openDatabase({ dataDir: dir });
    expect(o.schemaVersion).toBe(latest);
    expect(o.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(o.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(o.db.pragma('synchronous', { simple: true })).toBe(2);
    o.db.close();
    // Reopening applies nothing twice.
    const again = openDatabase({ dataDir: dir });
    expect(again.schemaVersion).toBe(latest);
    again.db.close();
  });

  it('rolls back a failing migration completely', () => {
    const dir = tempDir();
    const migrations = [
      { version: 1, name: '001_a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { version: 2, name: '002_b', sql: 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nope VALUES (1);' },
    ];
    let err: unknown;
    try {
      openDatabase({ dataDir: dir, migrations });
    } catch (e) {
      err = e;
    }
    expect((err as BilingualError).code).toBe('STORAGE_MIGRATION');
    const o = openDatabase({ dataDir: dir, migrations: migrations.slice(0, 1) });
    expect(o.schemaVersion).toBe(1);
    expect(o.db.prepare("select count(*) n from sqlite_master where name='a'").get()).toEqual({ n: 1 });
    o.db.close();
  });

  it('refuses a database from a newer version without touching it', () => {
    const dir = tempDir();
    const o = openDatabase({ dataDir: dir });
    o.db.pragma('user_version = 999');
    o.db.close();
    const e = openError(dir);
    expect(e.code).toBe('STORAGE_NEWER_SCHEMA');
    expect(e.message_zh).toContain('999');
    const check = openDatabase({ dataDir: dir, migrations: [{ version: 999, name: '999_x', sql: '' }] });
    expect(check.schemaVersion).toBe(999);
    check.db.close();
  });

  it('refuses a damaged file instead of starting an empty database', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE);
    const junk = Buffer.from('this is not a database, it is a receipt roll'.repeat(100));
    fs.writeFileSync(file, junk);
    const e = openError(dir);
    expect(e.code).toBe('STORAGE_CORRUPT');
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
  });

  it('shows the storage error through app.info instead of crashing', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DB_FILE), 'garbage'.repeat(500));
    const core = await testCore({ dataDir: dir });
    const r = await core.dispatch({ method: 'app.info', input: {} }, 'http');
    expect(r).toMatchObject({ ok: true, result: { storageError: { code: 'STORAGE_CORRUPT' } } });
    expect(core.devices.get().database.state).toBe('error');
    await core.close();
  });

  it('refuses a read-only data folder', (ctx) => {
    const dir = tempDir();
    // As root, chmod does not stop writes: use a read-only tmpfs when the sandbox allows mounting.
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      if (process.getuid?.() === 0) {
        ctx.skip();
        return;
      }
      fs.chmodSync(dir, 0o555);
    }
    try {
      const e = openError(dir);
      expect(e.code).toBe('STORAGE_READONLY');
      expect(e.message_zh).toContain('不可写');
    } finally {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        fs.chmodSync(dir, 0o755);
      }
    }
  });
});
