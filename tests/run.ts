/**
 * `npm test`: everything a clean machine must pass, in order — lint (with the layer rules),
 * the TypeScript check, the renderer and app builds the end-to-end tests run, then every vitest
 * suite (unit, integration over ptys, e2e in Chromium, Electron when a binary exists).
 * Ends with one line `N passed, N failed, N skipped` (CI reads it).
 *
 * First the Debian packages the tests need (tools/system/packages.ts): installed when missing and
 * this is root with apt-get, else one line naming the command to run, and nothing else runs.
 * With CI set, the quick benches print their figures after the tests (never counted as a failure).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnOldNode } from '../base/node/nodeVersion';
import { installCommand, missingPackages, planPackages, probeSystem, runInstall } from '../tools/system/packages';

exitOnOldNode();
ensureSystemPackages();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n: string) => path.join(root, 'node_modules/.bin', n);
const extra = process.argv.slice(2);

let passed = 0;
let failed = 0;
let skipped = 0;

function step(name: string, cmd: string, args: string[]): boolean {
  process.stdout.write(`\n── ${name} ──\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const ok = r.status === 0;
  if (ok) passed++;
  else failed++;
  process.stdout.write(`${ok ? '✔' : '✘'} ${name}\n`);
  return ok;
}

if (extra.length === 0) {
  step('lint (eslint, layer rules)', bin('eslint'), ['.']);
  step('typecheck (tsc --strict)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
}
const built = step('build renderer (vite)', bin('vite'), ['build', '--logLevel', 'warn']) && step('build app bundles (esbuild)', bin('tsx'), ['tools/build/bundle.ts']);

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cd-vitest-')), 'report.json');
process.stdout.write('\n── vitest ──\n');
const v = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: '0', COUNTERDESK_RENDERER_BUILT: built ? '1' : '0' },
});

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
}
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8')) as JsonReport;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A suite that failed to load has no failed tests but must still fail the run.
  if (r.numFailedTests === 0 && r.numFailedTestSuites > 0) failed += r.numFailedTestSuites;
} else {
  failed++;
}
if (v.status !== 0 && failed === 0) failed++;

// CI: the quick benches' figures in the log of every change, so a regression shows where it came
// from. Informational: these machines are shared and noisy, so a figure never fails the run.
if (process.env.CI && extra.length === 0) {
  process.stdout.write('\n── figures (quick benches; informational, never a failure) ──\n');
  const figures = path.join(path.dirname(report), 'figures.json');
  const b = spawnSync(bin('tsx'), ['tests/bench/run.ts', 'quick', '--json', figures], { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 30 * 60_000 });
  process.stdout.write(`(bench exit ${b.status ?? b.signal}; figures in ${figures})\n`);
}

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);

function ensureSystemPackages(): void {
  const facts = probeSystem();
  const plan = planPackages(missingPackages(facts), facts);
  if (plan.action === 'none') return;
  if (plan.action === 'stop') {
    process.stderr.write(`${plan.line}\n`);
    process.exit(1);
  }
  process.stdout.write(`安装测试所需的系统软件包 / installing the system packages the tests need: ${plan.packages.join(' ')}\n`);
  const installed = runInstall(plan);
  const still = missingPackages(facts).map((p) => p.name);
  if (installed && still.length === 0) return;
  const names = still.length > 0 ? still : plan.packages;
  process.stderr.write(`系统软件包安装失败：${names.join(' ')} / installing system packages failed: run ${installCommand(names)}\n`);
  process.stdout.write('0 passed, 1 failed, 0 skipped\n');
  process.exit(1);
}
