import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashSecret, needsRehash, parseHash, verifySecret } from '../../../base/node/secretHash';
import { FAST_SCRYPT } from '../../helpers/scrypt';

describe('secret hashing (scrypt)', () => {
  it('a hash verifies its own secret and not a wrong one', () => {
    const h = hashSecret('4821', FAST_SCRYPT);
    expect(verifySecret('4821', h)).toBe(true);
    expect(verifySecret('4822', h)).toBe(false);
    expect(verifySecret('', h)).toBe(false);
  });

  it('salts differ: the same PIN twice gives two different hashes, both valid', () => {
    const a = hashSecret('4821', FAST_SCRYPT);
    const b = hashSecret('4821', FAST_SCRYPT);
    expect(a).not.toBe(b);
    expect(parseHash(a)!.salt.equals(parseHash(b)!.salt)).toBe(false);
    expect(verifySecret('4821', a) && verifySecret('4821', b)).toBe(true);
  });

  it('stores its parameters and never the secret', () => {
    const h = hashSecret('Duty-mgr-77', { N: 2 ** 11, r: 4, p: 2 });
    expect(h).not.toContain('Duty-mgr-77');
    const p = parseHash(h)!;
    expect([p.N, p.r, p.p]).toEqual([2 ** 11, 4, 2]);
    expect(h.split('$').slice(0, 4)).toEqual(['scrypt', '2048', '4', '2']);
    expect(verifySecret('Duty-mgr-77', h)).toBe(true);
  });

  it('production default is the slow setting', () => {
    expect(DEFAULT_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 15);
    const h = hashSecret('x-Default-1');
    expect(parseHash(h)!.N).toBe(DEFAULT_SCRYPT.N);
    expect(verifySecret('x-Default-1', h)).toBe(true);
  });

  it('weaker stored parameters ask for a rehash, equal ones do not', () => {
    expect(needsRehash(hashSecret('4821', FAST_SCRYPT), DEFAULT_SCRYPT)).toBe(true);
    expect(needsRehash(hashSecret('4821', FAST_SCRYPT), FAST_SCRYPT)).toBe(false);
  });

  it('a malformed or absurd stored hash fails closed instead of throwing', () => {
    const good = hashSecret('4821', FAST_SCRYPT).split('$');
    expect(verifySecret('4821', 'not-a-hash')).toBe(false);
    expect(verifySecret('4821', ['scrypt', '1000', ...good.slice(2)].join('$'))).toBe(false); // N not a power of 2
    expect(verifySecret('4821', ['scrypt', String(2 ** 30), ...good.slice(2)].join('$'))).toBe(false);
    expect(verifySecret('4821', [...good.slice(0, 4), '', good[5]].join('$'))).toBe(false);
  });

  it('the same password typed as composed or decomposed Unicode verifies', () => {
    const h = hashSecret('Caf\u00e9-2024x', FAST_SCRYPT);
    expect(verifySecret('Cafe\u0301-2024x', h)).toBe(true);
  });
});
