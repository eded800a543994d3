/**
 * Browser mode (loaded by start.ts): starts the core in Node, serves the built renderer on
 * 127.0.0.1 and prints the URL to open. The token comes from COUNTERDESK_TOKEN or --token-file
 * (tokenSource.ts), never from the command line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCore } from '../core/app';
import { shiftedClock } from '../../base/clock';
import { confSettingsPort } from '../core/settings/confPort';
import { startHostServer } from './server';
import { resolveToken, TOKEN_ENV } from './tokenSource';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'token-file': { type: 'string' },
      // Declared only to refuse it with a clear message (see tokenSource.ts).
      token: { type: 'string' },
      // Demonstrations and end-to-end tests only: the clock starts at this moment (ISO 8601).
      'clock-start': { type: 'string' },
    },
  });
  const tokenSource = resolveToken({ env: process.env[TOKEN_ENV], file: values['token-file'], argvToken: values.token !== undefined });
  // Not inherited by anything this process starts.
  delete process.env[TOKEN_ENV];
  if (!tokenSource.ok) {
    process.stderr.write(`${tokenSource.message}\n`);
    process.exit(2);
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.COUNTERDESK_DATA_DIR ?? path.join(os.homedir(), '.counterdesk'));
  const staticDir = path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write('界面尚未构建 — 请运行 npm run build:renderer\nThe renderer is not built — run npm run build:renderer\n');
    process.exit(2);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  fs.mkdirSync(dataDir, { recursive: true });
  let clock;
  if (values['clock-start']) {
    const at = Date.parse(values['clock-start']);
    if (!Number.isFinite(at)) {
      process.stderr.write(`--clock-start 不是有效时间 / is not a valid time: ${values['clock-start']}\n`);
      process.exit(2);
    }
    clock = shiftedClock(at);
  }
  const core = await startCore({
    ...(clock ? { clock } : {}),
    dataDir,
    settingsPort: confSettingsPort(dataDir),
    version: pkg.version,
    transport: 'http',
    // The project's catalog, found from this file's place (source tree or bundle alike).
    catalogPath: process.env.COUNTERDESK_CATALOG ?? path.join(root, 'resources', 'catalog.yaml'),
  });
  const port = values.port ? Number(values.port) : 0;
  const server = await startHostServer(core, { staticDir, port, token: tokenSource.token });
  // One machine-readable line first (tests and scripts read it), then the human one.
  process.stdout.write(`COUNTERDESK_URL=${server.url}\n`);
  process.stdout.write(`柜台通已启动（浏览器模式）— 在 Chromium 中打开 / CounterDesk is running (browser mode) — open:\n  ${server.url}\n数据目录 / data: ${dataDir}\n`);
  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((e: unknown) => {
  process.stderr.write(`启动失败 / failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
