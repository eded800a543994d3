// `npm run -s report -- daily|weekly|monthly --date D --json`: the same figures as the desk for a
// generated hall on PGlite (a stopped hall: the command opens the folder), and refusals in both
// languages with a non-zero exit for a bad date, a bad kind and a period with no records.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deskFigures } from '../../../hall/desk/figures';
import { scopeOf } from '../../../hall/desk/scope';
import { openHallStore } from '../../../hall/storage/open';
import { ROOT } from '../../helpers/browserMode';
import { generateHall, loadHall } from '../../helpers/deskData';

function report(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'hall/cli/report.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('report command', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-desk-cli-'));
  let daily: unknown;
  let weekly: unknown;
  beforeAll(async () => {
    const s = await openHallStore({ dataDir: dir });
    await loadHall(s, generateHall({ counters: 2, days: ['2026-03-02', '2026-03-03'], journeysPerDay: 6, seed: 3 }), 2);
    daily = await deskFigures(s, await scopeOf(s, { kind: 'day', date: '2026-03-03' }));
    weekly = await deskFigures(s, await scopeOf(s, { kind: 'week', date: '2026-03-03' }));
    await s.close();
  }, 120_000);

  it('prints the desk’s figures as JSON for a daily and a weekly report', async () => {
    const d = await report(['daily', '--date', '2026-03-03', '--json', '--data-dir', dir]);
    expect(d.code, d.stderr).toBe(0);
    const j = JSON.parse(d.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ report: 'daily', dueBy: '2026-03-04' });
    expect({ ...j, report: undefined, dueBy: undefined, anomalies: undefined, generatedAt: undefined }).toEqual({ ...(daily as object), report: undefined, dueBy: undefined, anomalies: undefined, generatedAt: undefined });
    const w = await report(['weekly', '--date', '2026-03-03', '--json', '--data-dir', dir]);
    expect(JSON.parse(w.stdout)).toMatchObject({ period: (weekly as { period: unknown }).period, hall: (weekly as { hall: unknown }).hall });
    const text = await report(['daily', '--date', '2026-03-03', '--data-dir', dir]);
    expect(text.stdout).toContain('日报 daily  2026-03-03');
  }, 120_000);

  it('refuses a bad date, a bad kind and an empty period with a clear message in both languages', async () => {
    const bad = await report(['daily', '--date', '2026-02-30', '--json', '--data-dir', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('日期「2026-02-30」无效');
    expect(bad.stderr).toContain('is not a valid date');
    const kind = await report(['yearly', '--date', '2026-03-03', '--data-dir', dir]);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain('daily, weekly or monthly');
    const empty = await report(['monthly', '--date', '2025-01-15', '--json', '--data-dir', dir]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('2025-01-01 至 2025-01-31 大厅没有任何记录');
    expect(empty.stderr).toContain('The hall holds no records for 2025-01-01 to 2025-01-31');
    const none = await report(['daily', '--data-dir', dir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--date YYYY-MM-DD');
    expect((await report([])).code).toBe(2);
  }, 120_000);
});
