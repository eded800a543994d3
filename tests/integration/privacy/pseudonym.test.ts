// Pseudonyms a stolen data folder cannot reverse. The attack the issue describes, written out:
// copy the data folder of a counter that served the sample customer, read the masked number and
// the keyed hash, enumerate every number the mask leaves open and compare HMACs with whatever key
// the folder offers. Under the old layout (first 4 + last 4 shown, key file beside the database)
// it gave the number back in a quarter of a second; now the folder holds no key, so no candidate
// can be tested at all — while the same enumeration with the real key does find it, which proves
// the attack itself is sound. Also: the data folder's file modes, and an earlier version's key
// file moved into the keystore with its hashes still comparable.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import { checkCharacter, isoDate } from '../../../base/idNumber';
import { DB_FILE } from '../../../electron/core/storage/db';
import { LEGACY_PII_KEY_FILE } from '../../../electron/core/privacy/idHash';
import { defaultKeyDir, installationId } from '../../../electron/core/secrets/keyStore';
import { readCardDescription, sampleCardPath } from '../../../native/idcard/sim/cards';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { staffUp } from '../../helpers/counterDay';
import { finishNewLine, openCounter, toVerify, verifyWithCard } from '../../helpers/privacyJourney';
import { tempDir } from '../../helpers/tempDir';

const T0 = Date.parse('2026-11-26T10:00:00+08:00');
const SAMPLE = readCardDescription(sampleCardPath('resident'));
const posix = process.platform !== 'win32';
let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** Counties (county-level divisions) in mainland China, for the size of the whole search space. */
const COUNTY_CODES = 2_850;
/** Birth dates from 1900 to the end of 2026. */
const BIRTH_DATES = Math.round((Date.UTC(2027, 0, 1) - Date.UTC(1900, 0, 1)) / 86_400_000);

/**
 * Every 18-digit number the mask leaves open, within the attacker's guess of the region (every
 * 6-digit code under a prefix) and the birth years: digits shown by the mask are fixed, the check
 * character must come out right.
 */
function* candidates(masked: string, regionPrefix: string, years: [number, number]): Generator<string> {
  const fits = (id: string) => [...masked].every((ch, i) => ch === '*' || ch === id[i]);
  const seqShown = !masked.slice(14, 17).includes('*');
  const seqs = seqShown ? [masked.slice(14, 17)] : Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
  for (let r = 0; r < 10 ** (6 - regionPrefix.length); r++) {
    const region = regionPrefix + String(r).padStart(6 - regionPrefix.length, '0');
    for (let y = years[0]; y <= years[1]; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const date = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
          if (!isoDate(date)) continue;
          for (const seq of seqs) {
            const first17 = region + date + seq;
            const id = first17 + checkCharacter(first17);
            if (fits(id)) yield id;
          }
        }
      }
    }
  }
}

/** Every key the copied folder could be hiding: each file as raw bytes, each 64-hex run in it as a key. */
function keysInFolder(dir: string): Buffer[] {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const keys: Buffer[] = [Buffer.alloc(0)];
  for (const f of files) {
    const bytes = fs.readFileSync(f);
    if (bytes.length <= 4096) keys.push(bytes);
    for (const m of bytes.toString('latin1').matchAll(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g)) keys.push(Buffer.from(m[0], 'hex'));
  }
  return keys;
}

function attack(masked: string, hash: string, keys: Buffer[], regionPrefix: string, years: [number, number]): { tried: number; found: string | null } {
  let tried = 0;
  for (const id of candidates(masked, regionPrefix, years)) {
    tried++;
    if (createHash('sha256').update(id).digest('hex') === hash) return { tried, found: id };
    for (const k of keys) if (createHmac('sha256', k).update(id, 'utf8').digest('hex') === hash) return { tried, found: id };
  }
  return { tried, found: null };
}

async function serveSample(k: Core): Promise<void> {
  const c = await staffUp(k);
  await openCounter(c);
  const j = await verifyWithCard(c, k, await toVerify(c));
  await finishNewLine(c, k, j);
}

describe('pseudonyms a stolen data folder cannot reverse', () => {
  it('brute force of the masked ID with the folder copied but not the key: no candidate matches; with the key it would', async () => {
    core = await testCore({ clock: new ManualClock(T0), scrypt: FAST_SCRYPT });
    await serveSample(core);
    const dataDir = core.dataDir;
    const realKey = core.services.keys!.key('pii-hmac');
    await core.close();
    core = null;

    const stolen = tempDir('cd-stolen-');
    fs.cpSync(dataDir, stolen, { recursive: true });
    const db = new Database(path.join(stolen, DB_FILE), { readonly: true });
    const row = db.prepare('SELECT id_masked, id_hash FROM journeys').get() as { id_masked: string; id_hash: string };
    db.close();
    // What the mask leaves: the last 4 only.
    expect(row.id_masked).toBe(`**************${SAMPLE.idNumber.slice(-4)}`);
    expect(fs.existsSync(path.join(stolen, LEGACY_PII_KEY_FILE))).toBe(false);

    // The attacker guesses well: a Beijing customer (1101xx) born in the 1990s.
    const guess: [string, [number, number]] = ['1101', [1990, 1994]];
    const keys = keysInFolder(stolen);
    const without = attack(row.id_masked, row.id_hash, keys, ...guess);
    expect(without.found).toBeNull();
    // The same enumeration with the key that stayed in the keystore finds the customer: the
    // attack is sound, only the key is missing.
    const withKey = attack(row.id_masked, row.id_hash, [realKey], ...guess);
    expect(withKey.found).toBe(SAMPLE.idNumber);

    const inGuess = [...candidates(row.id_masked, ...guess)].length;
    const wholeSpace = Math.round((COUNTY_CODES * BIRTH_DATES) / 11);
    // The old mask (first 4 + last 4) left only two county digits and the birth date open.
    const oldWholeSpace = Math.round((100 * BIRTH_DATES) / 11);
    console.log(
      `[pseudonym] masked ${row.id_masked}: ${without.tried} candidates tried with ${keys.length} keys from the copied folder, none matched; ` +
        `${inGuess} candidates in the guessed range (Beijing 1101xx, born 1990–1994), ≈${wholeSpace.toLocaleString('en')} over all counties and birth dates ` +
        `(the old mask 1101**********${SAMPLE.idNumber.slice(-4)} left at most ${oldWholeSpace.toLocaleString('en')}); with the key the number was found after ${withKey.tried} HMACs`,
    );
    expect(without.tried).toBe(inGuess);
    expect(wholeSpace).toBeGreaterThan(10_000_000);
  });

  it.runIf(posix)('the data folder is 0700 and its files 0600, set at creation and corrected at start', async () => {
    core = await testCore({ clock: new ManualClock(T0), scrypt: FAST_SCRYPT });
    await serveSample(core);
    const c = core.services.settings;
    c.update({ hall: { hallName: '人民路营业厅' } });
    const dir = core.dataDir;
    const mode = (p: string) => fs.statSync(path.join(dir, p)).mode & 0o777;
    const expected: Record<string, number> = {
      '.': 0o700,
      [DB_FILE]: 0o600,
      [`${DB_FILE}-wal`]: 0o600,
      [`${DB_FILE}-shm`]: 0o600,
      'settings.json': 0o600,
      logs: 0o700,
      'logs/counterdesk.log': 0o600,
      'installation-id': 0o600,
    };
    for (const [p, m] of Object.entries(expected)) expect(mode(p).toString(8), p).toBe(m.toString(8));
    await core.close();
    core = null;

    // An older version (or a restore) left them wide open: the next start closes them again.
    for (const p of Object.keys(expected)) if (fs.existsSync(path.join(dir, p))) fs.chmodSync(path.join(dir, p), p === '.' || p === 'logs' ? 0o777 : 0o666);
    core = await testCore({ dataDir: dir, clock: new ManualClock(T0), scrypt: FAST_SCRYPT });
    for (const [p, m] of Object.entries(expected)) if (fs.existsSync(path.join(dir, p))) expect(mode(p).toString(8), p).toBe(m.toString(8));
  });

  it("an earlier version's pii-hmac.key is moved into the keystore at start: gone from the folder, old hashes still match", async () => {
    const dataDir = tempDir('cd-upgrade-');
    const oldKey = randomBytes(32);
    fs.writeFileSync(path.join(dataDir, LEGACY_PII_KEY_FILE), `${oldKey.toString('hex')}\n`, { mode: 0o600 });
    const oldHash = createHmac('sha256', oldKey).update(SAMPLE.idNumber, 'utf8').digest('hex');

    core = await testCore({ dataDir, clock: new ManualClock(T0), scrypt: FAST_SCRYPT });
    expect(fs.existsSync(path.join(dataDir, LEGACY_PII_KEY_FILE))).toBe(false);
    const stored = fs.readFileSync(path.join(defaultKeyDir(), installationId(dataDir), 'pii-hmac.key'), 'utf8').trim();
    expect(stored).toBe(oldKey.toString('hex'));
    expect(core.services.domain!.audit.query({ kindPrefix: 'privacy.key_moved' }).entries[0]?.detail).toEqual({ outcome: 'moved' });

    await serveSample(core);
    const hash = (core.services.db!.prepare('SELECT id_hash FROM journeys').get() as { id_hash: string }).id_hash;
    expect(hash).toBe(oldHash);
  });
});
