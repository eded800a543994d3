// The hall's command line: counter add/list on a stopped hall (PGlite), refusals in both
// languages, the newer-schema refusal at start, and the harness's one line when PostgreSQL is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTER_DB_FILE } from '../../../hall/verify/compare';
import { DB_FILE } from '../../../electron/core/storage/db';
import { openHallStore } from '../../../hall/storage/open';
import { runHallCli } from '../../helpers/hallProcess';
import { ROOT } from '../../helpers/browserMode';

describe('hall CLI', () => {
  it('adds and lists counters on a hall that is not running', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-cli-'));
    const add = await runHallCli(['counter', 'add', '--number', '5', '--label', '爱心台席', '--data-dir', dir]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/登记码 \/ enrolment code: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    expect(add.stdout).toMatch(/fingerprint: [0-9a-f]{64}/);
    const list = await runHallCli(['counter', 'list', '--json', '--data-dir', dir]);
    expect(JSON.parse(list.stdout)).toMatchObject({ counters: [{ number: 5, label: '爱心台席', status: 'pending' }] });
    const revoke = await runHallCli(['counter', 'revoke', '--number', '5', '--json', '--data-dir', dir]);
    expect(JSON.parse(revoke.stdout)).toMatchObject({ number: 5, status: 'revoked' });
    const bad = await runHallCli(['counter', 'add', '--number', '1000', '--data-dir', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('台席号须为 1–999');
    expect(bad.stderr).toContain('A counter number is a whole number 1–999');
    const usage = await runHallCli(['counter', 'remove']);
    expect(usage.code).toBe(2);
    const verify = await runHallCli(['verify', '--counter', '5', '--counter-data-dir', path.join(dir, 'nowhere'), '--data-dir', dir]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain("The counter's database was not found");
  }, 120_000);

  it('refuses to start on a database from a newer hall, in both languages', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-cli-'));
    const s = await openHallStore({ dataDir: dir });
    await s.query('UPDATE hall_schema SET version = 99');
    await s.close();
    const r = await runHallCli(['start', '--data-dir', dir, '--port', '0', '--host', '127.0.0.1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('数据库来自更新版本的大厅服务器（结构版本 99');
    expect(r.stderr).toContain('newer hall server (schema 99');
  }, 120_000);

  it('reads the counter database the counter writes', () => {
    expect(COUNTER_DB_FILE).toBe(DB_FILE);
  });
});

describe('PostgreSQL test harness', () => {
  it('names the package in one line when the server binaries are missing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./tests/helpers/pgServer.ts').then((m) => m.startPgServer()).catch((e) => { console.error(e.message); process.exit(3); })"], {
      cwd: ROOT,
      env: { ...process.env, COUNTERDESK_PG_BIN: '/nonexistent/postgresql/bin' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    expect(r.stderr.trim()).toBe('PostgreSQL server binaries not found in /nonexistent/postgresql/bin: apt-get install postgresql');
  });
});
