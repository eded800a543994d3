/**
 * `npm start`: build, then run the app in Electron. Where the Electron binary is absent and
 * cannot be downloaded, say so in one line and name browser mode, instead of a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electronBinary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function tryDownload(): void {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return;
  // electron >= 45 fetches its binary on first use; give it one bounded chance.
  spawnSync(process.execPath, [path.join(root, 'node_modules/electron/install.js')], { stdio: 'ignore', timeout: 120_000 });
}

let bin = electronBinary(root);
if (!bin) {
  tryDownload();
  bin = electronBinary(root);
}
if (!bin) {
  process.stderr.write(
    '无法获取 Electron 程序（本机无法下载）— 请改用浏览器模式：npm run start:browser / The Electron binary is not available and cannot be downloaded here — use browser mode: npm run start:browser\n',
  );
  process.exit(1);
}

const built = spawnSync(npm, ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(bin, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
child.on('exit', (code) => process.exit(code ?? 0));
