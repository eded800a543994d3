import { describe, expect, it } from 'vitest';
import {
  encodeTextBlock, isCardTypeAllowed, isExpired, parseTextBlock, cardTypeOf, type CardDescription,
} from '../../../native/idcard/card';
import { ID_CARD_KEYS } from '../../../base/contract/card';
import { NATIONS, nationCode, nationName } from '../../../native/idcard/nations';
import { birthDateOf, checkCharacter, hasValidCheckCharacter, withCheckCharacter } from '../../../base/idNumber';
import { maskIdNumber } from '../../../base/mask';
import { SAMPLE_CARD_FILES, readCardDescription, sampleCardPath } from '../../../native/idcard/sim/cards';
import { BilingualError } from '../../../base/contract/errors';

const TODAY = '2026-11-26';
const ucs2 = (s: string) => Buffer.from(s, 'utf16le');

describe('ID number (GB 11643, MOD 11-2)', () => {
  it('computes the check character of the standard example', () => {
    // GB 11643-1999's worked example: 11010519491231002X.
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(hasValidCheckCharacter('11010519491231002X')).toBe(true);
    expect(hasValidCheckCharacter('11010519491231002x')).toBe(true);
    expect(hasValidCheckCharacter('110105194912310021')).toBe(false);
    expect(hasValidCheckCharacter('1101051949123100')).toBe(false);
  });

  it('reads the birth date and rejects impossible ones', () => {
    expect(birthDateOf('110105199003070244')).toBe('1990-03-07');
    expect(birthDateOf(withCheckCharacter('11010519900230024'))).toBeNull();
  });

  it('masks all but the last 4', () => {
    expect(maskIdNumber('110105199003070244')).toBe('**************0244');
  });
});

describe('nations (GB 3304)', () => {
  it('has all 58 codes and maps both ways', () => {
    expect(Object.keys(NATIONS)).toHaveLength(58);
    expect(nationName('01')).toBe('汉');
    expect(nationName('98')).toBe('外国血统中国籍人士');
    expect(nationCode('蒙古')).toBe('02');
    expect(nationCode('维吾尔族')).toBe('05');
    expect(nationName('57')).toBeNull();
  });
});

describe('sample cards', () => {
  for (const type of Object.keys(SAMPLE_CARD_FILES) as (keyof typeof SAMPLE_CARD_FILES)[]) {
    it(`${type}: round-trips through the text block and has a valid number`, () => {
      const d = readCardDescription(sampleCardPath(type));
      const card = parseTextBlock(encodeTextBlock(d), { today: TODAY });
      expect(Object.keys(card)).toEqual(ID_CARD_KEYS);
      expect(card.cardType).toBe(type);
      expect(card.name).toBe(d.name);
      expect(card.idNumber).toBe(d.idNumber);
      expect(card.birthDate).toBe(d.birthDate);
      expect(card.idNumberValid).toBe(true);
      expect(card.expired).toBe(false);
      expect(card.photoBytes).toBe(1024);
    });
  }

  it('resident card of 王秀英 parses to the documented fields', () => {
    const card = parseTextBlock(encodeTextBlock(readCardDescription(sampleCardPath('resident'))), { today: TODAY });
    expect(card).toEqual({
      cardType: 'resident', name: '王秀英', nameEn: null, sex: 'female', nation: '汉', nationality: null,
      birthDate: '1990-03-07', address: '北京市朝阳区建国路88号院3号楼1单元502室', idNumber: '110105199003070244',
      issuer: '北京市公安局朝阳分局', validFrom: '2015-06-01', validTo: '2035-06-01', passNumber: null, issueCount: null,
      idNumberValid: true, expired: false, photoBytes: 1024,
    });
  });
});

describe('text block layouts, byte by byte', () => {
  const resident: CardDescription = {
    cardType: 'resident', name: '张三', sex: 'male', nation: '回', birthDate: '1960-01-31',
    address: '宁夏银川市兴庆区', idNumber: withCheckCharacter('64010419600131001'), issuer: '银川市公安局兴庆分局',
    validFrom: '2010-02-01', validTo: 'long-term',
  };

  it('resident: offsets from the notes', () => {
    const b = encodeTextBlock(resident);
    expect(Buffer.from(b.subarray(0, 4))).toEqual(ucs2('张三'));
    expect(Buffer.from(b.subarray(30, 32))).toEqual(ucs2('1'));
    expect(Buffer.from(b.subarray(32, 36))).toEqual(ucs2('03'));
    expect(Buffer.from(b.subarray(36, 52))).toEqual(ucs2('19600131'));
    expect(Buffer.from(b.subarray(122, 158))).toEqual(ucs2(resident.idNumber));
    expect(Buffer.from(b.subarray(204, 208))).toEqual(ucs2('长期'));
    expect([b[4], b[5]]).toEqual([0x20, 0x00]); // space padding
    const c = parseTextBlock(b, { today: TODAY });
    expect(c.validTo).toBe('long-term');
    expect(c.expired).toBe(false);
    expect(c.nation).toBe('回');
    expect(c.sex).toBe('male');
  });

  it('J: type mark at 248, pass number at 220, issue count at 238, no nation', () => {
    const b = encodeTextBlock({ ...resident, cardType: 'hmt-permit', nation: null, passNumber: 'M12345678', issueCount: 3 });
    expect([b[248], b[249]]).toEqual([0x4a, 0x00]);
    expect(Buffer.from(b.subarray(220, 238))).toEqual(ucs2('M12345678'));
    expect(Buffer.from(b.subarray(238, 242))).toEqual(ucs2('03'));
    expect(Buffer.from(b.subarray(32, 36))).toEqual(ucs2('  '));
    const c = parseTextBlock(b, { today: TODAY });
    expect(c).toMatchObject({ cardType: 'hmt-permit', nation: null, passNumber: 'M12345678', issueCount: 3 });
  });

  it('I: English name at 0, card number at 122, nationality at 152, birth at 220', () => {
    const d = readCardDescription(sampleCardPath('foreign-2017'));
    const b = encodeTextBlock(d);
    expect([b[248], b[249]]).toEqual([0x49, 0x00]);
    expect(Buffer.from(b.subarray(0, 38))).toEqual(ucs2('SCHMIDT, ANNA MARIA'));
    expect(Buffer.from(b.subarray(152, 158))).toEqual(ucs2('DEU'));
    expect(Buffer.from(b.subarray(220, 236))).toEqual(ucs2('19820514'));
    const c = parseTextBlock(b, { today: TODAY });
    expect(c).toMatchObject({ nameEn: 'SCHMIDT, ANNA MARIA', nationality: 'DEU', address: null, issuer: '1100', sex: 'female' });
  });

  it('Y: English name split over 52 and 220 is joined, nationality at 242', () => {
    const d = readCardDescription(sampleCardPath('foreign-2023'));
    const b = encodeTextBlock(d);
    expect([b[248], b[249]]).toEqual([0x59, 0x00]);
    expect(Buffer.from(b.subarray(52, 122))).toEqual(ucs2(d.nameEn!.slice(0, 35)));
    expect(Buffer.from(b.subarray(242, 248))).toEqual(ucs2('GBR'));
    const c = parseTextBlock(b, { today: TODAY });
    expect(c.nameEn).toBe('SMITH-WORTHINGTON, JONATHAN ALEXANDER EDWARD');
    expect(c.issueCount).toBe(0);
  });

  it('any other mark is a resident card', () => {
    const b = encodeTextBlock(resident);
    b[248] = 0x5a; // 'Z'
    expect(cardTypeOf(b)).toBe('resident');
  });
});

describe('validation', () => {
  const base = readCardDescription(sampleCardPath('resident'));
  it('a wrong check character makes idNumberValid false', () => {
    const c = parseTextBlock(encodeTextBlock({ ...base, idNumber: '110105199003070245' }), { today: TODAY });
    expect(c.idNumberValid).toBe(false);
  });

  it('a birth date that disagrees with the number makes idNumberValid false', () => {
    const c = parseTextBlock(encodeTextBlock({ ...base, birthDate: '1990-03-08' }), { today: TODAY });
    expect(c.idNumberValid).toBe(false);
  });

  it('a 2023 foreign number must start with 9', () => {
    const d = readCardDescription(sampleCardPath('foreign-2023'));
    const c = parseTextBlock(encodeTextBlock({ ...d, idNumber: withCheckCharacter('13182619750830001') }), { today: TODAY });
    expect(c.idNumberValid).toBe(false);
  });

  it('expiry against the injected today: the last valid day is still valid', () => {
    expect(isExpired('2035-06-01', '2035-06-01')).toBe(false);
    expect(isExpired('2035-06-01', '2035-06-02')).toBe(true);
    expect(isExpired('long-term', '2999-01-01')).toBe(false);
    const c = parseTextBlock(encodeTextBlock(base), { today: '2035-06-02' });
    expect(c.expired).toBe(true);
  });

  it('isCardTypeAllowed', () => {
    const c = parseTextBlock(encodeTextBlock(base), { today: TODAY });
    expect(isCardTypeAllowed(c, ['resident'])).toBe(true);
    expect(isCardTypeAllowed(c, ['hmt-permit', 'foreign-2017', 'foreign-2023'])).toBe(false);
  });
});

describe('bad text blocks are typed errors, never crashes', () => {
  const good = encodeTextBlock(readCardDescription(sampleCardPath('resident')));
  const expectBad = (b: Uint8Array) => {
    let err: unknown;
    try {
      parseTextBlock(b, { today: TODAY });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BilingualError);
    expect((err as BilingualError).code).toBe('IDCARD_BAD_TEXT');
    expect((err as BilingualError).message_zh).toMatch(/[\u4e00-\u9fff]/);
  };
  it('wrong length', () => expectBad(good.subarray(0, 200)));
  it('sex code 3', () => {
    const b = good.slice();
    b.set(ucs2('3'), 30);
    expectBad(b);
  });
  it('unknown nation code', () => {
    const b = good.slice();
    b.set(ucs2('77'), 32);
    expectBad(b);
  });
  it('birth date 1990-02-30', () => {
    const b = good.slice();
    b.set(ucs2('19900230'), 36);
    expectBad(b);
  });
  it('all 0xFF', () => expectBad(new Uint8Array(256).fill(0xff)));

  it('the encoder refuses a value longer than its field', () => {
    expect(() => encodeTextBlock({ ...readCardDescription(sampleCardPath('resident')), name: '一二三四五六七八九十一二三四五六' })).toThrow(BilingualError);
  });
});
