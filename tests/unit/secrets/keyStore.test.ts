import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { defaultKeyDir, fileKeyStore, installationId, sealedKeyStore, type Sealer } from '../../../electron/core/secrets/keyStore';
import { tempDir } from '../../helpers/tempDir';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('file keystore (browser mode)', () => {
  it('makes a key once and returns the same bytes, per name and per data folder', () => {
    const keys = tempDir('cd-keys-');
    const a = tempDir();
    const b = tempDir();
    const k1 = fileKeyStore(a, keys).key('ledger-chain');
    expect(k1).toHaveLength(32);
    expect(fileKeyStore(a, keys).key('ledger-chain').equals(k1)).toBe(true);
    expect(fileKeyStore(a, keys).key('audit-chain').equals(k1)).toBe(false);
    expect(fileKeyStore(b, keys).key('ledger-chain').equals(k1)).toBe(false);
  });

  it('keeps keys outside the data folder, 0700 folder and 0600 files', () => {
    const keys = tempDir('cd-keys-');
    const data = tempDir();
    fileKeyStore(data, keys).key('pii-hmac');
    const dir = path.join(keys, installationId(data));
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'pii-hmac.key'))).toBe(0o600);
    expect(mode(path.join(data, 'installation-id'))).toBe(0o600);
    const inData = fs.readdirSync(data, { recursive: true }).map(String);
    expect(inData.some((f) => f.endsWith('.key'))).toBe(false);
  });

  it('a copy of the data folder alone does not carry the keys', () => {
    const data = tempDir();
    const original = fileKeyStore(data, tempDir('cd-keys-')).key('ledger-chain');
    const copy = tempDir();
    fs.cpSync(data, copy, { recursive: true });
    expect(fileKeyStore(copy, tempDir('cd-keys-')).key('ledger-chain').equals(original)).toBe(false);
  });

  it('refuses a key folder inside the data folder', () => {
    const data = tempDir();
    expect(() => fileKeyStore(data, path.join(data, 'keys'))).toThrow(BilingualError);
    try {
      fileKeyStore(data, data);
    } catch (e) {
      expect((e as BilingualError).code).toBe('KEYSTORE_INSIDE_DATA');
      expect((e as BilingualError).message_zh).toContain('密钥目录');
    }
  });

  it('says clearly when a key file is damaged', () => {
    const keys = tempDir('cd-keys-');
    const data = tempDir();
    fileKeyStore(data, keys).key('audit-chain');
    fs.writeFileSync(path.join(keys, installationId(data), 'audit-chain.key'), 'not a key');
    expect(() => fileKeyStore(data, keys).key('audit-chain')).toThrow(expect.objectContaining({ code: 'KEYSTORE_KEY_INVALID' }));
  });

  it('defaults to the OS user config folder, or COUNTERDESK_KEY_DIR', () => {
    expect(defaultKeyDir({ XDG_CONFIG_HOME: '/home/u/.config' })).toBe('/home/u/.config/counterdesk/keys');
    expect(defaultKeyDir({ COUNTERDESK_KEY_DIR: '/srv/keys' })).toBe('/srv/keys');
  });
});

describe('sealed keystore (Electron safeStorage)', () => {
  // Stands in for the OS: the shell passes Electron's safeStorage here.
  const sealer: Sealer = {
    seal: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
    open: (sealed) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
  };

  it('stores only sealed blobs and opens the same key again', () => {
    const data = tempDir();
    const blobs = tempDir('cd-sealed-');
    const k = sealedKeyStore(data, sealer, blobs).key('pii-hmac');
    expect(sealedKeyStore(data, sealer, blobs).key('pii-hmac').equals(k)).toBe(true);
    const blob = fs.readFileSync(path.join(blobs, installationId(data), 'pii-hmac.sealed'));
    expect(blob.toString('utf8')).not.toContain(k.toString('hex'));
  });
});
