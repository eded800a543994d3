/** A data folder's real keystore for tests: 0600 key files under COUNTERDESK_KEY_DIR (vitest.config.ts), never in the folder. */
import { fileKeyStore, type KeyStore } from '../../electron/core/secrets/keyStore';

export function testKeys(dataDir: string): KeyStore {
  return fileKeyStore(dataDir);
}
