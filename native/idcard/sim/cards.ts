/**
 * Cards for the simulator: built from an IdCard-like description (the JSON files in cards/),
 * with stand-in photo and fingerprint bytes. Those bytes are opaque filler, not an image:
 * nothing ever decodes them into a face.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BilingualError } from '../../../base/contract/errors';
import { maskIdNumber } from '../../../base/mask';
import { isCardType } from '../../../base/contract/card';
import { PHOTO_BYTES, encodeTextBlock, type CardDescription } from '../card';

export interface SimCard {
  label: string;
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint: Uint8Array | null;
  appendedAddress: string | null;
}

export interface SimCardDescription extends CardDescription {
  /** Latest appended address (追加住址), if the card has one. */
  appendedAddress?: string | null;
  /** Whether the card carries fingerprint data (1024 bytes). */
  fingerprint?: boolean;
}

export const SAMPLE_CARDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'cards');
export const SAMPLE_CARD_FILES = {
  resident: 'resident-wang-xiuying.json',
  'hmt-permit': 'hmt-chan-ka-wai.json',
  'foreign-2017': 'foreign-2017-anna-schmidt.json',
  'foreign-2023': 'foreign-2023-john-smith.json',
} as const;

/** Deterministic filler bytes from a seed string (xorshift32). */
function filler(seed: string, n: number): Uint8Array {
  let x = 2166136261;
  for (let i = 0; i < seed.length; i++) x = Math.imul(x ^ seed.charCodeAt(i), 16777619) >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export function simCard(d: SimCardDescription): SimCard {
  return {
    // Logs never carry personal data, not even a simulated person's: type + masked number.
    label: `${d.cardType} ${maskIdNumber(d.idNumber)}`,
    text: encodeTextBlock(d),
    photo: filler(`photo:${d.idNumber}`, PHOTO_BYTES),
    fingerprint: d.fingerprint ? filler(`fp:${d.idNumber}`, 1024) : null,
    appendedAddress: d.appendedAddress ?? null,
  };
}

export function readCardDescription(path: string): SimCardDescription {
  let d: unknown;
  try {
    d = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new BilingualError('SIM_CARD_FILE', `无法读取证件文件 ${path}`, `cannot read the card file ${path}: ${(err as Error).message}`);
  }
  const desc = d as SimCardDescription;
  if (typeof d !== 'object' || d === null || !isCardType(desc.cardType)) {
    throw new BilingualError('SIM_CARD_FILE', `证件文件 ${path} 缺少有效的 cardType`, `the card file ${path} has no valid cardType`);
  }
  return desc;
}

export function loadSimCard(path: string): SimCard {
  return simCard(readCardDescription(path));
}

export function sampleCardPath(type: keyof typeof SAMPLE_CARD_FILES): string {
  return join(SAMPLE_CARDS_DIR, SAMPLE_CARD_FILES[type]);
}
