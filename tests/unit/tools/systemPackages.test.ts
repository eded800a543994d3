// `npm test` on a fresh Debian machine: the system packages the tests need are one list; the
// missing ones are installed when this is root with apt-get, else one line names the command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingPackages, planPackages, SYSTEM_PACKAGES } from '../../../tools/system/packages';
import { ROOT } from '../../helpers/appBuild';
import { tempDir } from '../../helpers/tempDir';

const everything = { onPath: () => true, exists: () => true };
const nothing = { onPath: () => false, exists: () => false };

describe('missingPackages', () => {
  it('holds what the tests use, PostgreSQL for the hall server included', () => {
    expect(SYSTEM_PACKAGES.map((p) => p.name)).toEqual(['chromium', 'socat', 'udev', 'libusb-1.0-0', 'fonts-noto-cjk', 'postgresql']);
  });

  it('is a pure function of what is present', () => {
    expect(missingPackages(everything)).toEqual([]);
    expect(missingPackages(nothing).map((p) => p.name)).toEqual(SYSTEM_PACKAGES.map((p) => p.name));
    const onlySocatMissing = { onPath: (c: string) => c !== 'socat', exists: () => true };
    expect(missingPackages(onlySocatMissing).map((p) => p.name)).toEqual(['socat']);
    // Chromium found as a file even when not on PATH; PostgreSQL by any version's initdb.
    const files = new Set(['/usr/bin/chromium', '/usr/lib/postgresql/*/bin/initdb']);
    const names = missingPackages({ onPath: () => false, exists: (f) => files.has(f) }).map((p) => p.name);
    expect(names).not.toContain('chromium');
    expect(names).not.toContain('postgresql');
    expect(names).toContain('udev');
  });
});

describe('planPackages', () => {
  const missing = SYSTEM_PACKAGES.filter((p) => p.name === 'socat' || p.name === 'postgresql');

  it('does nothing when all are there', () => {
    expect(planPackages([], { isRoot: false, hasAptGet: false })).toEqual({ action: 'none' });
  });

  it('installs them as root with apt-get', () => {
    expect(planPackages(missing, { isRoot: true, hasAptGet: true })).toEqual({
      action: 'install',
      packages: ['socat', 'postgresql'],
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'socat', 'postgresql'],
      ],
    });
  });

  it('otherwise stops with one line naming the command', () => {
    for (const facts of [{ isRoot: false, hasAptGet: true }, { isRoot: true, hasAptGet: false }]) {
      const p = planPackages(missing, facts);
      expect(p.action).toBe('stop');
      const line = p.action === 'stop' ? p.line : '';
      expect(line).not.toContain('\n');
      expect(line).toContain('sudo apt-get install -y --no-install-recommends socat postgresql');
    }
  });
});

describe('npm test on a machine without them', () => {
  it('tries apt-get first and stops with one line when it fails, running nothing else', () => {
    // PATH holds only the pinned node and a recording apt-get that fails: socat and udevadm are "missing".
    const bin = tempDir();
    const calls = path.join(bin, 'calls');
    fs.writeFileSync(path.join(bin, 'apt-get'), `#!/bin/sh\necho "$@" >> ${calls}\nexit 100\n`, { mode: 0o755 });
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'tests/run.ts'], {
      cwd: ROOT,
      env: { ...process.env, PATH: bin },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('lint');
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      expect(fs.readFileSync(calls, 'utf8')).toMatch(/^update -qq\n/);
      expect(r.stderr).toMatch(/installing system packages failed: run sudo apt-get install .*socat.*/);
      expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
    } else {
      expect(fs.existsSync(calls)).toBe(false);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('sudo apt-get install');
    }
  });

  it('is the only place that installs them: .ci/run runs npm ci, then npm test', () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci).not.toMatch(/apt-get|dpkg/);
    expect(ci.indexOf('npm ci')).toBeGreaterThan(-1);
    expect(ci.indexOf('npm test')).toBeGreaterThan(ci.indexOf('npm ci'));
  });

  it('the README names every package of the list', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const p of SYSTEM_PACKAGES) expect(readme).toContain(`\`${p.name}\``);
  });
});
