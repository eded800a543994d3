// Issue 13: started under a Node older than the pinned one (the machines' own node 20), the app
// says so in one line instead of dying with exit 139 when better-sqlite3 first runs a query.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_MAJOR, nodeVersionProblem } from '../../../base/node/nodeVersion';
import { ensureAppBuilt, HOST_ENTRY, LAUNCH_ENTRY, ROOT } from '../../helpers/appBuild';
import { tempDir } from '../../helpers/tempDir';

/** A node older than the pinned one on PATH (or /usr/bin/node), never node_modules/.bin's. */
function oldNode(): { bin: string; version: string } | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'].filter((d) => d && !d.includes('node_modules'));
  for (const d of new Set(dirs)) {
    const bin = path.join(d, 'node');
    if (!fs.existsSync(bin)) continue;
    const v = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    if (Number(v.split('.')[0]) < MIN_NODE_MAJOR) return { bin, version: v };
  }
  return null;
}

describe('nodeVersionProblem', () => {
  it('accepts the pinned major and newer', () => {
    expect(nodeVersionProblem('22.23.3')).toBeNull();
    expect(nodeVersionProblem('v24.1.0')).toBeNull();
  });

  it('names the version, the need and the fix in one line, in both languages', () => {
    const line = nodeVersionProblem('20.20.2')!;
    expect(line).not.toContain('\n');
    expect(line).toContain('v20.20.2');
    expect(line).toContain('Node 22');
    expect(line).toMatch(/柜台通需要/);
    expect(line).toContain('npm start');
    expect(nodeVersionProblem('garbage')).not.toBeNull();
  });

  it('agrees with package.json: engines and the pinned node package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_MAJOR}`);
    expect(Number(pkg.devDependencies.node!.split('.')[0])).toBe(MIN_NODE_MAJOR);
  });
});

const old = oldNode();
const withOldNode = old ? describe : describe.skip;
if (!old) console.log(`no Node older than ${MIN_NODE_MAJOR} outside node_modules on this machine: the old-Node start test is skipped`);

withOldNode(`started under the machine's Node ${old?.version ?? ''}`, () => {
  const expectOneLine = (r: ReturnType<typeof spawnSync>) => {
    expect(r.status).toBe(1);
    expect(String(r.stderr).trim().split('\n')).toEqual([nodeVersionProblem(old!.version)]);
    expect(String(r.stdout)).toBe('');
  };

  it('the bundled browser mode (npm run start:browser) prints one line and exits 1, not 139', async () => {
    await ensureAppBuilt();
    expectOneLine(spawnSync(old!.bin, [HOST_ENTRY, '--data-dir', tempDir()], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }));
  });

  it('so does the launcher (npm start)', async () => {
    await ensureAppBuilt();
    expectOneLine(spawnSync(old!.bin, [LAUNCH_ENTRY, '--no-open'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }));
  });

  it('so does browser mode from the source tree through tsx, and npm test', () => {
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    expectOneLine(spawnSync(old!.bin, [tsx, 'electron/host/start.ts', '--data-dir', tempDir()], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }));
    expectOneLine(spawnSync(old!.bin, [tsx, 'tests/run.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }));
  });
});
