/**
 * 起身送客道姓氏: the clerk sees the customer off by surname (王先生 / 李女士).
 *
 * Only this title is kept in the journey record; the full name never is.
 */
import type { CardType } from '../../../base/contract/card';

export interface FarewellTitle {
  /** e.g. 王先生, 欧阳女士, 史密斯先生, 您 */
  zh: string;
  /** e.g. Mr. Smith; for Chinese names without a romanisation the Chinese title is used. */
  en: string;
}

export interface NamedPerson {
  cardType: CardType;
  name: string;
  nameEn?: string | null;
  sex: 'male' | 'female' | null;
}

/**
 * Two-character surnames (复姓) that would otherwise be cut to their first character
 * (欧阳娜娜 is 欧阳女士, not 欧女士).
 */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '令狐', '夏侯',
  '司徒', '司空', '端木', '独孤', '南宫', '宇文', '轩辕', '澹台', '公冶', '宗政', '濮阳', '太叔',
  '申屠', '钟离', '闻人', '万俟', '赫连', '呼延', '拓跋', '百里', '东郭', '西门', '左丘', '梁丘',
  '第五', '闾丘', '亓官', '司寇', '子车', '巫马', '公西', '漆雕', '乐正', '壤驷', '公良', '谷梁',
  '段干', '微生', '羊舌', '仲孙', '叔孙', '淳于', '单于', '鲜于', '颛孙', '东门', '归海',
];

const NAME_DOTS = /[·•・.]/;

/** The surname of a Chinese-script name, or null when there is nothing to go on. */
export function chineseSurname(name: string, transliterated: boolean): string | null {
  const n = name.replace(/\s+/g, '');
  if (!n) return null;
  if (NAME_DOTS.test(n)) {
    const parts = n.split(NAME_DOTS).filter(Boolean);
    // A transliterated foreign name (约翰·史密斯) ends with the family name. Names of some
    // minority nationalities (阿依古丽·买买提) are "given name·father's name" with no surname:
    // the given name is the polite form there.
    return (transliterated ? parts[parts.length - 1] : parts[0]) ?? null;
  }
  // Everyone has a given name, so a two-character name is surname + given name (东方 is Mr 东).
  const two = n.slice(0, 2);
  if (n.length > 2 && COMPOUND_SURNAMES.includes(two)) return two;
  return n.slice(0, 1);
}

/** The family name of a card's English name: "SMITH, JOHN" or "SMITH JOHN" (surname first). */
export function englishSurname(nameEn: string): string | null {
  const n = nameEn.trim();
  if (!n) return null;
  const family = n.includes(',') ? n.split(',')[0]! : n.split(/\s+/)[0]!;
  const clean = family.trim();
  if (!clean) return null;
  return clean
    .toLowerCase()
    .split(/([\s'-])/)
    .map((w) => (w.length > 0 ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join('');
}

export function farewellTitle(p: NamedPerson | null): FarewellTitle {
  const anonymous: FarewellTitle = { zh: '您', en: 'you' };
  if (!p) return anonymous;
  const foreign = p.cardType === 'foreign-2017' || p.cardType === 'foreign-2023';
  const zhHonorific = p.sex === 'male' ? '先生' : p.sex === 'female' ? '女士' : null;
  const enHonorific = p.sex === 'male' ? 'Mr.' : p.sex === 'female' ? 'Ms.' : null;
  if (!zhHonorific || !enHonorific) return anonymous;

  const zhSurname = p.name.trim() ? chineseSurname(p.name, foreign) : null;
  const enSurname = p.nameEn ? englishSurname(p.nameEn) : null;
  if (foreign) {
    if (!zhSurname && !enSurname) return anonymous;
    const en = enSurname ? `${enHonorific} ${enSurname}` : `${zhSurname}${zhHonorific}`;
    const zh = zhSurname ? `${zhSurname}${zhHonorific}` : `${enSurname}${zhHonorific}`;
    return { zh, en };
  }
  if (!zhSurname) return anonymous;
  const zh = `${zhSurname}${zhHonorific}`;
  return { zh, en: zh };
}
