import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { BilingualError } from '../../../base/contract/errors';
import { createIdHasher, PII_KEY_FILE } from '../../../electron/core/privacy/idHash';

const tmp = () => tempDir('cd-pii-');

const ID = '11010119900307451X';

describe('keyed hash of the ID number', () => {
  it('is stable within an installation and across restarts, for any spelling of the same number', () => {
    const dir = tmp();
    const h1 = createIdHasher(dir);
    const a = h1(ID);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(h1(' 11010119900307451x ')).toBe(a);
    expect(createIdHasher(dir)(ID)).toBe(a);
    expect(h1('110101199003074514')).not.toBe(a);
  });

  it('differs between installations and from a plain hash (cannot be looked up without the key)', () => {
    const a = createIdHasher(tmp())(ID);
    const b = createIdHasher(tmp())(ID);
    expect(a).not.toBe(b);
    expect(a).not.toBe(createHash('sha256').update(ID).digest('hex'));
  });

  it('creates the key file on first use, readable by the owner only', () => {
    const dir = tmp();
    createIdHasher(dir);
    const st = fs.statSync(path.join(dir, PII_KEY_FILE));
    expect(st.mode & 0o077).toBe(0);
    expect(fs.readFileSync(path.join(dir, PII_KEY_FILE), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a damaged key file instead of silently making a new key', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, PII_KEY_FILE), 'garbage');
    expect(() => createIdHasher(dir)).toThrow(BilingualError);
    expect(fs.readFileSync(path.join(dir, PII_KEY_FILE), 'utf8')).toBe('garbage');
  });
});
