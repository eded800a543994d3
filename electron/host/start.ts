/**
 * `npm run start:browser [-- --data-dir D] [--port N] [--token-file F]`: the whole app without
 * Electron. This entry only checks the Node version — before anything native is loaded, so an
 * old Node gets one clear line instead of a segfault — and then loads browser mode itself
 * (bundled apart from this file by tools/build, so nothing of the app is evaluated before).
 */
import { exitOnOldNode } from '../../base/node/nodeVersion';

exitOnOldNode();
await import('./browserMode');
