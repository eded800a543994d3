/**
 * The 256-byte text block of the four card layouts (UCS-2 LE, space padded), parsed into the
 * contract's one card shape (`IdCard`, base/contract/card.ts), and the reverse encoder the
 * simulator uses.
 */
import { ID_CARD_KEYS, type CardType, type IdCard } from '../../base/contract/card';
import { BilingualError } from '../../base/contract/errors';
import { nationCode, nationName } from './nations';
import { birthDateOf, hasValidCheckCharacter, isoDate } from '../../base/idNumber';

export type { CardType, IdCard };

export const TEXT_BLOCK_BYTES = 256;
export const PHOTO_BYTES = 1024;
export const LONG_TERM_TEXT = '长期';

/** Field positions: [byte offset, byte length]. */
const RESIDENT = {
  name: [0, 30], sex: [30, 2], nation: [32, 4], birth: [36, 16], address: [52, 70], id: [122, 36],
  issuer: [158, 30], validFrom: [188, 16], validTo: [204, 16],
} as const;
const HMT = { ...RESIDENT, pass: [220, 18], issueCount: [238, 4] } as const;
const FOREIGN_2017 = {
  nameEn: [0, 120], sex: [120, 2], id: [122, 30], nationality: [152, 6], name: [158, 30], validFrom: [188, 16],
  validTo: [204, 16], birth: [220, 16], version: [236, 4], authority: [240, 8],
} as const;
const FOREIGN_2023 = {
  name: [0, 30], sex: [30, 2], renewal: [32, 4], birth: [36, 16], nameEn1: [52, 70], id: [122, 36],
  validFrom: [188, 16], validTo: [204, 16], nameEn2: [220, 22], nationality: [242, 6], previous: [250, 6],
} as const;
const TYPE_MARK_OFFSET = 248;

type Field = readonly [number, number];

function badText(why_zh: string, why_en: string, detail?: Record<string, unknown>): BilingualError {
  return new BilingualError('IDCARD_BAD_TEXT', `证件文字信息无法解析：${why_zh}`, `the card's text block cannot be parsed: ${why_en}`, detail);
}

const utf16 = new TextDecoder('utf-16le');

function raw(text: Uint8Array, [off, len]: Field): string {
  return utf16.decode(text.subarray(off, off + len));
}

/** Padding is spaces; some writers use NULs. */
export function trimPadding(s: string): string {
  return s.replaceAll('\u0000', ' ').trim();
}

function field(text: Uint8Array, f: Field): string {
  return trimPadding(raw(text, f));
}

export function cardTypeOf(text: Uint8Array): CardType {
  const mark = text[TYPE_MARK_OFFSET + 1] === 0 ? String.fromCharCode(text[TYPE_MARK_OFFSET]!) : '';
  if (mark === 'J') return 'hmt-permit';
  if (mark === 'I') return 'foreign-2017';
  if (mark === 'Y') return 'foreign-2023';
  return 'resident';
}

function sexOf(code: string): 'male' | 'female' {
  if (code === '1') return 'male';
  if (code === '2') return 'female';
  throw badText(`性别代码「${code}」无效`, `sex code "${code}" is not 1 or 2`);
}

function date(text: Uint8Array, f: Field, what: string): string {
  const s = field(text, f);
  const d = isoDate(s);
  if (!d) throw badText(`${what}「${s}」不是日期`, `${what} "${s}" is not a date`);
  return d;
}

function validTo(text: Uint8Array, f: Field): string {
  const s = field(text, f);
  if (s === LONG_TERM_TEXT) return 'long-term';
  return date(text, f, 'valid to');
}

function orNull(s: string): string | null {
  return s === '' ? null : s;
}

export interface ParseOptions {
  /** 'YYYY-MM-DD' in the hall's time zone: the day expiry is judged against. */
  today: string;
  photoBytes?: number;
}

/** Parses a 256-byte text block. Throws IDCARD_BAD_TEXT for a block no card could hold. */
export function parseTextBlock(text: Uint8Array, opts: ParseOptions): IdCard {
  if (text.length !== TEXT_BLOCK_BYTES) {
    throw badText(`长度 ${text.length} 字节，应为 256`, `length ${text.length} bytes, expected 256`);
  }
  const type = cardTypeOf(text);
  const photoBytes = opts.photoBytes ?? PHOTO_BYTES;
  let card: Omit<IdCard, 'idNumberValid' | 'expired'>;
  if (type === 'resident' || type === 'hmt-permit') {
    const L = type === 'resident' ? RESIDENT : HMT;
    let nation: string | null = null;
    if (type === 'resident') {
      const code = field(text, RESIDENT.nation);
      nation = nationName(code);
      if (nation === null) throw badText(`民族代码「${code}」不在 GB 3304 中`, `nation code "${code}" is not in GB 3304`);
    }
    const count = type === 'hmt-permit' ? field(text, HMT.issueCount) : '';
    card = {
      cardType: type,
      name: field(text, L.name),
      nameEn: null,
      sex: sexOf(field(text, L.sex)),
      nation,
      nationality: null,
      birthDate: date(text, L.birth, 'birth date'),
      address: field(text, L.address),
      idNumber: field(text, L.id),
      issuer: field(text, L.issuer),
      validFrom: date(text, L.validFrom, 'valid from'),
      validTo: validTo(text, L.validTo),
      passNumber: type === 'hmt-permit' ? orNull(field(text, HMT.pass)) : null,
      issueCount: count === '' ? null : parseCount(count),
      photoBytes,
    };
  } else if (type === 'foreign-2017') {
    const L = FOREIGN_2017;
    const nameEn = field(text, L.nameEn);
    card = {
      cardType: type,
      name: field(text, L.name) || nameEn,
      nameEn: orNull(nameEn),
      sex: sexOf(field(text, L.sex)),
      nation: null,
      nationality: field(text, L.nationality),
      birthDate: date(text, L.birth, 'birth date'),
      address: null,
      idNumber: field(text, L.id),
      issuer: orNull(field(text, L.authority)),
      validFrom: date(text, L.validFrom, 'valid from'),
      validTo: validTo(text, L.validTo),
      passNumber: null,
      issueCount: null,
      photoBytes,
    };
  } else {
    const L = FOREIGN_2023;
    // The English name runs on from part 1 into part 2: join them before trimming.
    const nameEn = trimPadding(raw(text, L.nameEn1) + raw(text, L.nameEn2));
    const renewal = field(text, L.renewal);
    card = {
      cardType: type,
      name: field(text, L.name) || nameEn,
      nameEn: orNull(nameEn),
      sex: sexOf(field(text, L.sex)),
      nation: null,
      nationality: field(text, L.nationality),
      birthDate: date(text, L.birth, 'birth date'),
      address: null,
      idNumber: field(text, L.id),
      issuer: null,
      validFrom: date(text, L.validFrom, 'valid from'),
      validTo: validTo(text, L.validTo),
      passNumber: null,
      issueCount: renewal === '' ? null : parseCount(renewal),
      photoBytes,
    };
  }
  const full: IdCard = { ...card, idNumberValid: isIdNumberValid(card), expired: isExpired(card.validTo, opts.today) };
  // The keys in their documented order: this object is what `device idcard read --json` prints.
  return Object.fromEntries(ID_CARD_KEYS.map((k) => [k, full[k]])) as unknown as IdCard;
}

function parseCount(s: string): number {
  if (!/^\d+$/.test(s)) throw badText(`次数「${s}」不是数字`, `count "${s}" is not a number`);
  return Number(s);
}

/**
 * The number agrees with itself and with the card: GB 11643 check character and the birth
 * date inside it equal to the card's birth date (resident, HMT permit, 2023 foreign card).
 * The 2017 foreign card's number is 3 letters (the nationality) + 12 digits; its check digit
 * rule is not public, so only that shape and the nationality are checked.
 */
export function isIdNumberValid(card: Pick<IdCard, 'cardType' | 'idNumber' | 'birthDate' | 'nationality'>): boolean {
  if (card.cardType === 'foreign-2017') {
    return /^[A-Z]{3}\d{12}$/.test(card.idNumber) && card.idNumber.slice(0, 3) === card.nationality;
  }
  if (!hasValidCheckCharacter(card.idNumber)) return false;
  if (card.cardType === 'foreign-2023' && card.idNumber[0] !== '9') return false;
  return birthDateOf(card.idNumber) === card.birthDate;
}

/** Expired when the last valid day is before today ('long-term' never expires). */
export function isExpired(validTo: string, today: string): boolean {
  if (validTo === 'long-term') return false;
  return validTo < today;
}

export function isCardTypeAllowed(card: Pick<IdCard, 'cardType'>, allowed: readonly CardType[]): boolean {
  return allowed.includes(card.cardType);
}

/** 'YYYY-MM-DD' of an instant in a time zone (the hall's), for `today`. */
export function localDate(epochMs: number, timeZone = 'Asia/Shanghai'): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}

/** What the encoder needs: an IdCard-like description (the sample card JSON files). */
export interface CardDescription {
  cardType: CardType;
  name: string;
  nameEn?: string | null;
  sex: 'male' | 'female';
  /** Chinese name ('汉') or GB 3304 code ('01'). */
  nation?: string | null;
  nationality?: string | null;
  birthDate: string;
  address?: string | null;
  idNumber: string;
  issuer?: string | null;
  validFrom: string;
  validTo: string;
  passNumber?: string | null;
  issueCount?: number | null;
  /** 2017 foreign card: card version (2 characters). */
  cardVersion?: string | null;
}

function put(block: Uint8Array, [off, len]: Field, value: string, what: string): void {
  if (value.length * 2 > len) {
    throw new BilingualError('IDCARD_FIELD_TOO_LONG', `${what} 超出字段长度（${len / 2} 字）`, `${what} is longer than its field (${len / 2} characters)`, { field: what });
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    block[off + 2 * i] = c & 0xff;
    block[off + 2 * i + 1] = c >> 8;
  }
}

function compactDate(iso: string, what: string): string {
  const s = iso.replace(/-/g, '');
  if (!isoDate(s)) throw new BilingualError('IDCARD_BAD_DATE', `${what}「${iso}」不是日期`, `${what} "${iso}" is not a date`);
  return s;
}

function encodeValidTo(v: string): string {
  return v === 'long-term' || v === LONG_TERM_TEXT ? LONG_TERM_TEXT : compactDate(v, 'validTo');
}

/** Builds the 256-byte text block a reader would return for this card. */
export function encodeTextBlock(d: CardDescription): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_BYTES);
  for (let i = 0; i < TEXT_BLOCK_BYTES; i += 2) block[i] = 0x20;
  const sex = d.sex === 'male' ? '1' : '2';
  if (d.cardType === 'resident' || d.cardType === 'hmt-permit') {
    const L = d.cardType === 'resident' ? RESIDENT : HMT;
    put(block, L.name, d.name, 'name');
    put(block, L.sex, sex, 'sex');
    if (d.cardType === 'resident') {
      const code = nationCode(d.nation ?? '');
      if (!code) throw new BilingualError('IDCARD_BAD_NATION', `民族「${d.nation}」不在 GB 3304 中`, `nation "${d.nation}" is not in GB 3304`);
      put(block, RESIDENT.nation, code, 'nation');
    }
    put(block, L.birth, compactDate(d.birthDate, 'birthDate'), 'birthDate');
    put(block, L.address, d.address ?? '', 'address');
    put(block, L.id, d.idNumber, 'idNumber');
    put(block, L.issuer, d.issuer ?? '', 'issuer');
    put(block, L.validFrom, compactDate(d.validFrom, 'validFrom'), 'validFrom');
    put(block, L.validTo, encodeValidTo(d.validTo), 'validTo');
    if (d.cardType === 'hmt-permit') {
      put(block, HMT.pass, d.passNumber ?? '', 'passNumber');
      put(block, HMT.issueCount, String(d.issueCount ?? 0).padStart(2, '0'), 'issueCount');
      put(block, [TYPE_MARK_OFFSET, 2], 'J', 'type');
    }
  } else if (d.cardType === 'foreign-2017') {
    const L = FOREIGN_2017;
    put(block, L.nameEn, d.nameEn ?? '', 'nameEn');
    put(block, L.sex, sex, 'sex');
    put(block, L.id, d.idNumber, 'idNumber');
    put(block, L.nationality, d.nationality ?? '', 'nationality');
    put(block, L.name, d.name, 'name');
    put(block, L.validFrom, compactDate(d.validFrom, 'validFrom'), 'validFrom');
    put(block, L.validTo, encodeValidTo(d.validTo), 'validTo');
    put(block, L.birth, compactDate(d.birthDate, 'birthDate'), 'birthDate');
    put(block, L.version, d.cardVersion ?? '10', 'cardVersion');
    put(block, L.authority, d.issuer ?? '', 'issuer');
    put(block, [TYPE_MARK_OFFSET, 2], 'I', 'type');
  } else {
    const L = FOREIGN_2023;
    const en = d.nameEn ?? '';
    const cut = L.nameEn1[1] / 2;
    put(block, L.name, d.name, 'name');
    put(block, L.sex, sex, 'sex');
    put(block, L.renewal, String(d.issueCount ?? 0).padStart(2, '0'), 'issueCount');
    put(block, L.birth, compactDate(d.birthDate, 'birthDate'), 'birthDate');
    put(block, L.nameEn1, en.slice(0, cut), 'nameEn');
    put(block, L.nameEn2, en.slice(cut), 'nameEn');
    put(block, L.id, d.idNumber, 'idNumber');
    put(block, L.validFrom, compactDate(d.validFrom, 'validFrom'), 'validFrom');
    put(block, L.validTo, encodeValidTo(d.validTo), 'validTo');
    put(block, L.nationality, d.nationality ?? '', 'nationality');
    put(block, [TYPE_MARK_OFFSET, 2], 'Y', 'type');
  }
  return block;
}
