// Issue 13: the browser host's token never comes from the command line (anyone can read a
// process's arguments); it comes from COUNTERDESK_TOKEN or a file only its owner can read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveToken } from '../../../electron/host/tokenSource';
import { startBrowserMode, type BrowserModeApp } from '../../helpers/browserMode';
import { ensureAppBuilt, HOST_ENTRY, ROOT } from '../../helpers/appBuild';
import { tempDir } from '../../helpers/tempDir';

const TOKEN = 'test-token-0123456789abcdef';

describe('resolveToken', () => {
  it('refuses --token, whatever its value, naming the two ways that work', () => {
    const r = resolveToken({ env: TOKEN, file: undefined, argvToken: true });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/COUNTERDESK_TOKEN.*--token-file/);
  });

  it('takes the environment first, then a file only its owner can read, else a random one', () => {
    expect(resolveToken({ env: TOKEN, file: undefined, argvToken: false })).toEqual({ ok: true, token: TOKEN, from: 'env' });
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    expect(resolveToken({ env: undefined, file, argvToken: false })).toEqual({ ok: true, token: TOKEN, from: 'file' });
    const random = resolveToken({ env: '', file: undefined, argvToken: false });
    expect(random).toMatchObject({ ok: true, from: 'random' });
    expect(random.ok && random.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('refuses a token file others can read, a missing file and a malformed token', () => {
    const dir = tempDir();
    const open = path.join(dir, 'open');
    fs.writeFileSync(open, TOKEN);
    fs.chmodSync(open, 0o644);
    expect(resolveToken({ env: undefined, file: open, argvToken: false })).toMatchObject({ ok: false, message: expect.stringContaining('chmod 600') });
    expect(resolveToken({ env: undefined, file: path.join(dir, 'none'), argvToken: false })).toMatchObject({ ok: false });
    expect(resolveToken({ env: 'short', file: undefined, argvToken: false })).toMatchObject({ ok: false });
    expect(resolveToken({ env: 'has space in it 0123456789', file: undefined, argvToken: false })).toMatchObject({ ok: false });
  });
});

describe('browser-mode process', () => {
  let app: BrowserModeApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('refuses --token on the command line in one line and does not start', async () => {
    await ensureAppBuilt();
    const r = spawnSync(process.execPath, [HOST_ENTRY, '--data-dir', tempDir(), '--token', TOKEN], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).not.toContain('COUNTERDESK_URL');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('COUNTERDESK_TOKEN');
  });

  it('takes COUNTERDESK_TOKEN, which then shows nowhere in its command line', async () => {
    app = await startBrowserMode({ env: { COUNTERDESK_TOKEN: TOKEN } });
    expect(app.token).toBe(TOKEN);
    const res = await fetch(`${app.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': TOKEN }, body: JSON.stringify({ method: 'app.info', input: {} }) });
    expect(res.status).toBe(200);
    if (process.platform === 'linux') {
      const cmdline = fs.readFileSync(`/proc/${app.child.pid}/cmdline`, 'utf8');
      expect(cmdline).toContain('start');
      expect(cmdline).not.toContain(TOKEN);
    }
  });
});
