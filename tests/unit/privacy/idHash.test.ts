import fs from 'node:fs';
import path from 'node:path';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { BilingualError } from '../../../base/contract/errors';
import { createIdHasher, LEGACY_PII_KEY_FILE, moveLegacyKey } from '../../../electron/core/privacy/idHash';
import { fileKeyStore, sealedKeyStore, type Sealer } from '../../../electron/core/secrets/keyStore';

const tmp = () => tempDir('cd-pii-');
const keysFor = (dataDir: string, keyDir = tempDir('cd-keys-')) => fileKeyStore(dataDir, keyDir);

const ID = '11010119900307451X';

describe('keyed hash of the ID number', () => {
  it('is stable within an installation and across restarts, for any spelling of the same number', () => {
    const dir = tmp();
    const keyDir = tempDir('cd-keys-');
    const h1 = createIdHasher(keysFor(dir, keyDir));
    const a = h1(ID);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(h1(' 11010119900307451x ')).toBe(a);
    expect(createIdHasher(keysFor(dir, keyDir))(ID)).toBe(a);
    expect(h1('110101199003074514')).not.toBe(a);
  });

  it('differs between installations and from a plain hash (cannot be looked up without the key)', () => {
    const a = createIdHasher(keysFor(tmp()))(ID);
    const b = createIdHasher(keysFor(tmp()))(ID);
    expect(a).not.toBe(b);
    expect(a).not.toBe(createHash('sha256').update(ID).digest('hex'));
  });

  it('keeps no key in the data folder', () => {
    const dir = tmp();
    createIdHasher(keysFor(dir))(ID);
    expect(fs.existsSync(path.join(dir, LEGACY_PII_KEY_FILE))).toBe(false);
    expect(fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.key'))).toEqual([]);
  });
});

describe("an earlier version's pii-hmac.key in the data folder", () => {
  const oldHash = (key: Buffer) => createHmac('sha256', key).update(ID, 'utf8').digest('hex');

  it('is moved into the keystore and removed, so old and new hashes of a number match', () => {
    const dir = tmp();
    const old = randomBytes(32);
    fs.writeFileSync(path.join(dir, LEGACY_PII_KEY_FILE), `${old.toString('hex')}\n`, { mode: 0o600 });
    const keys = keysFor(dir);
    expect(moveLegacyKey(dir, keys)).toEqual({ outcome: 'moved', file: path.join(dir, LEGACY_PII_KEY_FILE) });
    expect(fs.existsSync(path.join(dir, LEGACY_PII_KEY_FILE))).toBe(false);
    expect(createIdHasher(keys)(ID)).toBe(oldHash(old));
    expect(moveLegacyKey(dir, keys)).toBeNull();
  });

  it('into a sealed keystore as well', () => {
    const dir = tmp();
    const old = randomBytes(32);
    fs.writeFileSync(path.join(dir, LEGACY_PII_KEY_FILE), old.toString('hex'));
    const sealer: Sealer = { seal: (p) => Buffer.from(p, 'utf8').reverse(), open: (b) => Buffer.from(b).reverse().toString('utf8') };
    const keys = sealedKeyStore(dir, sealer, tempDir('cd-blobs-'));
    expect(moveLegacyKey(dir, keys)?.outcome).toBe('moved');
    expect(createIdHasher(keys)(ID)).toBe(oldHash(old));
  });

  it('a restored copy of the same key is removed again; a different one leaves the keystore’s key in place', () => {
    const dir = tmp();
    const keys = keysFor(dir);
    const current = keys.key('pii-hmac');
    fs.writeFileSync(path.join(dir, LEGACY_PII_KEY_FILE), current.toString('hex'));
    expect(moveLegacyKey(dir, keys)?.outcome).toBe('same');
    fs.writeFileSync(path.join(dir, LEGACY_PII_KEY_FILE), randomBytes(32).toString('hex'));
    expect(moveLegacyKey(dir, keys)?.outcome).toBe('differs');
    expect(fs.existsSync(path.join(dir, LEGACY_PII_KEY_FILE))).toBe(false);
    expect(keys.key('pii-hmac').equals(current)).toBe(true);
  });

  it('a damaged one is refused and kept for the administrator, never silently replaced', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, LEGACY_PII_KEY_FILE), 'garbage');
    expect(() => moveLegacyKey(dir, keysFor(dir))).toThrow(BilingualError);
    expect(fs.readFileSync(path.join(dir, LEGACY_PII_KEY_FILE), 'utf8')).toBe('garbage');
  });
});
