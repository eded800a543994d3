/**
 * The Electron main process: one hardened window, the app:// protocol serving the built
 * renderer with its CSP, one IPC channel with sender checks handing over to the core.
 */
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, type IpcMainInvokeEvent } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, MAX_REQUEST_BYTES } from '../../base/contract/rpc';
import { startCore, type Core } from '../core/app';
import { sealedKeyStore } from '../core/secrets/keyStore';
import { RENDERER_CSP } from '../../base/csp';
import { senderAllowed } from './senderCheck';
import { electronStoreSettingsPort } from './storePort';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, mainWindowOptions } from './windowOptions';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // A second CounterDesk on the same counter would fight over the devices and the till.
  app.quit();
}

let win: BrowserWindow | null = null;
let core: Core | null = null;

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

// Nothing but our own page, in our own window.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (ev) => ev.preventDefault());
  contents.on('will-redirect', (ev) => ev.preventDefault());
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

async function main() {
  await app.whenReady();
  const dataDir = process.env.COUNTERDESK_DATA_DIR ?? app.getPath('userData');
  fs.mkdirSync(dataDir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.resolve(here, '..', '..', 'package.json'), 'utf8')) as { version: string };

  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    if (url.host !== APP_HOST) return new Response('forbidden', { status: 403 });
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(rendererDir, '.' + rel);
    if (!file.startsWith(rendererDir + path.sep)) return new Response('forbidden', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    if (!file.endsWith('.html')) return res;
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP);
    return new Response(res.body, { status: res.status, headers });
  });

  // The chain and pseudonym keys, sealed by the OS keystore, kept outside the data folder.
  const keyStore = safeStorage.isEncryptionAvailable()
    ? sealedKeyStore(dataDir, { seal: (t) => safeStorage.encryptString(t), open: (b) => safeStorage.decryptString(b) }, path.join(app.getPath('appData'), 'counterdesk-keys'))
    : undefined;
  core = await startCore({
    ...(keyStore ? { keyStore } : {}),
    dataDir,
    settingsPort: electronStoreSettingsPort(dataDir),
    version: pkg.version,
    transport: 'ipc',
    // The catalog beside the bundle: extraResources in an installed app, the source tree's otherwise.
    catalogPath:
      process.env.COUNTERDESK_CATALOG ??
      (app.isPackaged ? path.join(process.resourcesPath, 'resources', 'catalog.yaml') : path.resolve(here, '..', '..', 'resources', 'catalog.yaml')),
  });

  win = new BrowserWindow(mainWindowOptions(preloadPath, { packaged: app.isPackaged }));
  const ownId = win.webContents.id;

  ipcMain.handle(IPC_CHANNEL, async (event: IpcMainInvokeEvent, envelope: unknown) => {
    const ok = senderAllowed({
      isOurWindow: event.sender.id === ownId,
      isTopFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
      url: event.senderFrame?.url,
    });
    if (!ok) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message_zh: '拒绝来自未知页面的请求', message_en: 'Request from an unknown page refused' } };
    }
    let size: number;
    try {
      size = JSON.stringify(envelope ?? null).length;
    } catch {
      size = Infinity; // cyclic or otherwise unserialisable: refuse like an oversize body
    }
    if (size > MAX_REQUEST_BYTES) {
      return { ok: false, error: { code: 'TOO_LARGE', message_zh: '请求过大，已拒绝', message_en: 'Request too large; refused' } };
    }
    return core!.dispatch(envelope, 'ipc');
  });

  core.bus.subscribe((ev) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, ev);
  });

  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', () => {
  void core?.close().finally(() => app.quit());
});

main().catch((e: unknown) => {
  process.stderr.write(`CounterDesk failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  app.exit(1);
});
