// The production bundles: browser mode's entry loads nothing native before its Node check, and
// every bundle is pure ASCII (V8 keeps a script's source; one non-ASCII character doubles it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureAppBuilt, ROOT } from '../../helpers/appBuild';

describe('app bundles', () => {
  it('browser mode: start.cjs requires app.cjs and no native module', async () => {
    await ensureAppBuilt();
    const start = fs.readFileSync(path.join(ROOT, 'dist/host/start.cjs'), 'utf8');
    expect(start).toContain('require("./app.cjs")');
    for (const m of ['better-sqlite3', 'serialport', 'node-hid']) expect(start).not.toContain(`require("${m}")`);
    expect(fs.readFileSync(path.join(ROOT, 'dist/host/app.cjs'), 'utf8')).toContain('require("better-sqlite3")');
  });

  it('every bundle is ASCII only', async () => {
    await ensureAppBuilt();
    for (const f of ['dist/host/start.cjs', 'dist/host/app.cjs', 'dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/launch.mjs']) {
      const bytes = fs.readFileSync(path.join(ROOT, f));
      expect(bytes.findIndex((b) => b > 0x7f), f).toBe(-1);
    }
  });
});
