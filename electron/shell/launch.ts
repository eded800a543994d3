/**
 * `npm start` (after `npm run build`): the app in Electron when its binary is here; otherwise
 * browser mode, shown in a Chromium app window when there is a Chromium and a screen, else with
 * the address printed (startDecision.ts). `npm run start:browser` is `--browser --no-open`.
 * Other arguments (--data-dir D, --port N, --token-file F, …) go to the app.
 *
 * In browser mode this process only supervises: the app runs in its own Node process started as
 * it is measured (hostProcess.ts); closing the window stops the app, and stopping the
 * app (or Ctrl-C here) closes the window.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnOldNode } from '../../base/node/nodeVersion';
import { hostCommand } from '../host/hostProcess';
import { openAppWindow, type AppWindow } from './appWindow';
import { electronBinary } from './electronBinary';
import { decideStart, findChromium, hasDisplay } from './startDecision';

exitOnOldNode();

/** The project folder: this file runs as dist/launch.mjs or, in tests, as electron/shell/launch.ts. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const root = projectRoot();
const own = new Set(['--browser', '--no-open']);
const argv = process.argv.slice(2);
const forward = argv.filter((a) => !own.has(a));
const forceBrowser = argv.includes('--browser');

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function electronOrDownload(): string | null {
  const found = electronBinary(root);
  if (found || forceBrowser || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return found;
  // electron >= 45 fetches its binary on first use: one bounded try, said out loud.
  process.stderr.write('正在下载 Electron… / downloading Electron…\n');
  spawnSync(process.execPath, [path.join(root, 'node_modules/electron/install.js')], { stdio: 'ignore', timeout: 60_000 });
  return electronBinary(root);
}

const plan = decideStart({
  electron: electronOrDownload(),
  forceBrowser,
  noOpen: argv.includes('--no-open'),
  chromium: findChromium(process.env, isExecutable),
  display: hasDisplay(process.env),
});

if (plan.mode === 'electron') {
  const child = spawn(plan.binary, [root, ...forward], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  runBrowserMode(plan.chromium, plan.note);
}

function runBrowserMode(chromium: string | null, note: string): void {
  process.stderr.write(`${note}\n`);
  const cmd = hostCommand(root, forward);
  const host = spawn(cmd.command, cmd.args, { cwd: root, env: cmd.env, stdio: ['inherit', 'pipe', 'inherit'] });
  let win: AppWindow | null = null;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (host.exitCode === null && host.signalCode === null) host.kill('SIGTERM');
    if (win && win.child.exitCode === null) win.child.kill('SIGTERM');
  };

  let buf = '';
  host.stdout!.on('data', (d: Buffer) => {
    process.stdout.write(d);
    if (win || !chromium) return;
    buf += d.toString();
    const url = /COUNTERDESK_URL=(\S+)/.exec(buf)?.[1];
    if (!url) return;
    win = openAppWindow(chromium, url);
    watchWindow(win.child, stop);
  });
  host.on('exit', (code, signal) => {
    stopping = true;
    const finish = () => {
      win?.cleanup();
      process.exit(code ?? (signal ? 0 : 1));
    };
    if (win && win.child.exitCode === null) {
      win.child.once('exit', finish);
      win.child.kill('SIGTERM');
    } else finish();
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Closing the window stops the app; a Chromium that cannot start says so and leaves the app running. */
function watchWindow(child: ChildProcess, stop: () => void): void {
  let failed = false;
  child.on('error', (e) => {
    failed = true;
    process.stderr.write(`无法打开 Chromium 窗口，请在浏览器中打开上面的地址 / cannot open the Chromium window (${e.message}): open the address above in a browser\n`);
  });
  child.on('exit', () => {
    if (!failed) stop();
  });
}
