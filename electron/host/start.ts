/**
 * `npm run start:browser [-- --data-dir D] [--port N] [--token-file F]`: the whole app without
 * Electron. This entry only checks the Node version — before anything native is loaded, so an
 * old Node gets one clear line instead of a segfault — and then loads browser mode itself. In
 * the bundle (tools/build) the dynamically imported module is initialised only here, so the
 * native modules it requires are loaded after the check.
 */
import { exitOnOldNode } from '../../base/node/nodeVersion';

exitOnOldNode();
void import('./browserMode');
