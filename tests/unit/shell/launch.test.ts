// `npm start` where Electron cannot be had: one clear line naming browser mode, not a stack trace.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../../electron/shell/electronBinary';
import { ROOT } from '../../helpers/browserMode';

const run = electronBinary(ROOT) ? describe.skip : describe;

run('npm start without an Electron binary', () => {
  it('says so in one line and names npm run start:browser', () => {
    const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['electron/shell/launch.ts'], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: '', COUNTERDESK_ELECTRON_BINARY: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('npm run start:browser');
    expect(lines[0]).toMatch(/Electron/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
