import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { runAuditCli } from '../../../electron/core/cli/audit';
import { makeEnv, type Env } from '../staff/fixture';

let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

function run(argv: string[], envVars: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runAuditCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: envVars });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function seeded(): Env {
  const e = makeEnv();
  for (let i = 0; i < 4; i++) e.audit.append({ kind: 'signin.ok', actor: '1024', counterId: '03', detail: { i } });
  return e;
}

describe('audit CLI: verify', () => {
  it('exit 0 with a bilingual summary for an intact log (while the app still has it open)', () => {
    const e = (env = seeded());
    const r = run(['verify', '--data-dir', e.dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('审计日志完整：共 4 条');
    expect(r.out).toContain('Audit log intact: 4 entries');
  });

  it('exit 1 naming the first bad row after tampering', () => {
    const e = (env = seeded());
    e.db.exec('DROP TRIGGER audit_log_no_update');
    e.db.prepare("UPDATE audit_log SET actor = '2001' WHERE seq = 2").run();
    const r = run(['verify', `--data-dir=${e.dir}`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('第 2 条审计记录');
    expect(r.err).toContain('被改动');
    expect(r.err).toContain('altered');
  });

  it('reads the data dir from COUNTERDESK_DATA_DIR', () => {
    const e = (env = seeded());
    expect(run(['verify'], { COUNTERDESK_DATA_DIR: e.dir }).code).toBe(0);
  });

  it('exit 1 when there is no database, and does not create one', () => {
    const dir = tempDir('cd-audit-empty-');
    const r = run(['verify', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('找不到数据库');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('exit 2 with usage for an unknown command or argument', () => {
    expect(run([]).code).toBe(2);
    expect(run(['delete']).code).toBe(2);
    expect(run(['verify', '--force']).code).toBe(2);
  });

  it('runs as a real process (this Node + tsx) with the same exit codes', () => {
    const e = (env = seeded());
    const cli = path.resolve('electron/core/cli/audit.ts');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', cli, 'verify', '--data-dir', e.dir], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Audit log intact: 4 entries');
    e.db.exec('DROP TRIGGER audit_log_no_update');
    e.db.prepare(`UPDATE audit_log SET detail = '{"i":7}' WHERE seq = 3`).run();
    const bad = spawnSync(process.execPath, ['--import', 'tsx', cli, 'verify', '--data-dir', e.dir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Audit entry seq 3');
  });
});
