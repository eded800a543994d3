/**
 * `npm run start:browser [-- --data-dir D] [--port N] [--token-file F]`: the whole app without
 * Electron. This entry only checks the Node version — before anything native is loaded, so an
 * old Node gets one clear line instead of a segfault — and then loads browser mode itself. In
 * the bundle (tools/build) browser mode is its own file, required only here, so the native
 * modules it requires are loaded after the check.
 */
// The default import: a named one of enableCompileCache would fail to link on an old Node before
// the version check could say why.
import nodeModule from 'node:module';
import { exitOnOldNode } from '../../base/node/nodeVersion';

exitOnOldNode();
// V8's compiled code for the app, kept between starts (Node's default folder under the temp dir):
// the app's 2 MB bundle is then not compiled again at every start.
nodeModule.enableCompileCache();
void import('./browserMode');
