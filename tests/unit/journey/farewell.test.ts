import { describe, expect, it } from 'vitest';
import { chineseSurname, englishSurname, farewellTitle } from '../../../electron/core/journey/farewell';

const resident = (name: string, sex: 'male' | 'female' | null) => farewellTitle({ cardType: 'resident', name, nameEn: '', sex });

describe('farewell title (起身送客道姓氏)', () => {
  it('addresses by single-character surname and sex', () => {
    expect(resident('王小明', 'male')).toEqual({ zh: '王先生', en: '王先生' });
    expect(resident('李娜', 'female').zh).toBe('李女士');
  });

  it.each([
    ['欧阳娜娜', 'female', '欧阳女士'],
    ['司马相如', 'male', '司马先生'],
    ['诸葛亮', 'male', '诸葛先生'],
    ['上官婉儿', 'female', '上官女士'],
    ['东方明珠', 'male', '东方先生'],
    ['皇甫嵩', 'male', '皇甫先生'],
    ['尉迟恭', 'male', '尉迟先生'],
    ['公孙丽', 'female', '公孙女士'],
    ['慕容复', 'male', '慕容先生'],
    ['长孙无忌', 'male', '长孙先生'],
    ['令狐冲', 'male', '令狐先生'],
    ['夏侯惇', 'male', '夏侯先生'],
  ] as const)('handles the compound surname of %s', (name, sex, title) => {
    expect(resident(name, sex).zh).toBe(title);
  });

  it('reads a two-character name as surname + given name even when it looks compound', () => {
    expect(chineseSurname('东方', false)).toBe('东');
  });

  it('uses the given name for dotted minority names on resident cards', () => {
    expect(resident('阿依古丽·买买提', 'female').zh).toBe('阿依古丽女士');
  });

  it('uses the English surname on foreign cards, and the Chinese transliteration when present', () => {
    expect(farewellTitle({ cardType: 'foreign-2017', name: '约翰·史密斯', nameEn: 'SMITH, JOHN', sex: 'male' })).toEqual({ zh: '史密斯先生', en: 'Mr. Smith' });
    expect(farewellTitle({ cardType: 'foreign-2023', name: '', nameEn: "O'BRIEN MARY ANNE", sex: 'female' })).toEqual({ zh: "O'Brien女士", en: "Ms. O'Brien" });
    expect(farewellTitle({ cardType: 'foreign-2023', name: '玛丽', nameEn: '', sex: 'female' })).toEqual({ zh: '玛女士', en: '玛女士' });
    expect(englishSurname('VAN-DYKE, ANNA')).toBe('Van-Dyke');
  });

  it('says 您 when there is no name or no sex to go on', () => {
    expect(farewellTitle(null).zh).toBe('您');
    expect(resident('', 'male').zh).toBe('您');
    expect(resident('王小明', null).zh).toBe('您');
    expect(farewellTitle({ cardType: 'foreign-2017', name: '', nameEn: '  ', sex: 'male' }).zh).toBe('您');
  });
});
