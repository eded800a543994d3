/**
 * Free text (reasons, notes, bag numbers) must carry no personal data: whatever a clerk types
 * into a reason is kept as typed, and in the till's records for years. The ID number, the mobile
 * number and the bank card are the three a clerk has in front of her, so they are refused where
 * they are typed, with a message that says what to write instead.
 *
 * Numbers are found with their usual separators (spaces, dashes, dots: "110105 19491231 002X",
 * "138-0013-8000"); a run of digits is only judged as a whole, so an amount next to a bag number
 * is never joined into a false hit.
 */

export type PersonalDataKind = 'id_number' | 'mobile' | 'bank_card';

export interface PersonalDataHit {
  kind: PersonalDataKind;
  /** Where in the text the number starts and ends (for highlighting the field). */
  start: number;
  end: number;
}

/** Digit groups joined by at most one separator, optionally led by +86 and ended by X. */
const CANDIDATE = /(?:\+?86[\s.-]?)?\d(?:[\s.-]?\d)*(?:[\s.-]?[Xx])?/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function plausibleBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

function classify(raw: string): PersonalDataKind | null {
  let s = raw.replace(/[\s.-]/g, '').toUpperCase();
  // An 18-character ID number: 17 digits and a digit or X; the birth date makes it one, the
  // check character need not be right (a mistyped number is still a person's number).
  if (/^\d{17}[\dX]$/.test(s) && plausibleBirthDate(s.slice(6, 14))) return 'id_number';
  if (s.endsWith('X')) return null;
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  if (/^1[3-9]\d{9}$/.test(s)) return 'mobile';
  if (/^\d{16,19}$/.test(s) && luhnValid(s)) return 'bank_card';
  return null;
}

/**
 * The first personal number in the text, or null. Each run of digit groups is judged group
 * sequence by group sequence, so "58.00 13800138000" still finds the mobile number.
 */
export function findPersonalData(text: string): PersonalDataHit | null {
  for (const m of text.matchAll(CANDIDATE)) {
    const groups = [...m[0].matchAll(/\+?[\dXx]+/g)];
    for (let i = 0; i < groups.length; i++) {
      for (let j = groups.length - 1; j >= i; j--) {
        const first = groups[i]!;
        const last = groups[j]!;
        const kind = classify(m[0].slice(first.index, last.index + last[0].length));
        if (kind) return { kind, start: m.index + first.index, end: m.index + last.index + last[0].length };
      }
    }
  }
  return null;
}

/** What the clerk reads when a field is refused: what not to write and what to write instead. */
export const PERSONAL_DATA_MESSAGES: Record<PersonalDataKind, { zh: string; en: string }> = {
  id_number: {
    zh: '请勿填写证件号码：证件由读卡器核验并按规定保存。请改写事由，例如「客户忘带证件」「读卡器故障，人工核对」',
    en: 'Do not write an ID number here: the card is checked by the reader and kept as the rules say. Describe the reason instead, e.g. "customer forgot the ID card" or "reader fault, checked by hand"',
  },
  mobile: {
    zh: '请勿填写手机号码：请改写业务单号或排队号，例如「A023 号客户」',
    en: 'Do not write a mobile number here: write the order or ticket number instead, e.g. "customer A023"',
  },
  bank_card: {
    zh: '请勿填写银行卡号：如需对账，请只写交易参考号或卡号后 4 位',
    en: 'Do not write a bank card number here: for reconciliation write the transaction reference or the last 4 digits of the card only',
  },
};
