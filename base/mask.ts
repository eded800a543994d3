/**
 * Masks for personal data shown on screen, printed or kept beyond the verify step.
 * Same length as the input, so a masked value still lines up in receipts and tables.
 */

/**
 * ID number: the last 4 characters only, the rest `*` (11010519491231002X → **************002X).
 *
 * Why the last 4 and nothing else: where the full number is needed (the verify step, comparing
 * the card with the person) it is shown in full; everywhere after that — the customer card on
 * screen, the receipt, the records, the hall — the masked number only has to let the clerk and
 * the customer agree it is this card ("尾号 002X"), and the last digits are what people read out.
 * The first 14 digits are the region of registration and the birth date: the most telling part
 * of the number, and the easiest to guess from the person in front of the counter, so showing
 * "first 4 + last 4" (the old rule) gave away province and city for nothing and left an attacker
 * a few ten thousand candidates (two county digits × the plausible birth dates ÷ 11 for the check
 * character); with the last 4 alone ≈12 million remain (≈2,850 county codes × 46,000 birth dates
 * since 1900 ÷ 11 — counted in tests/integration/privacy/pseudonym.test.ts),
 * and the keyed hash beside it cannot be tried at all without the key, which is not in the data
 * folder. The last 4 do reveal the sequence digits and the check character (so the sex), which
 * the person standing at the counter reveals anyway.
 *
 * The same rule for every card type (resident 18, first-generation 15, HMT permit, foreign
 * permanent residence) and everywhere a masked number is shown, printed or kept. Same length as
 * the input, so it still lines up in receipts and tables. Short or odd input shows
 * proportionally less, never the whole value. Masking a masked number again changes nothing more.
 */
export const ID_VISIBLE_TAIL = 4;

export function maskIdNumber(value: string | null | undefined): string {
  if (typeof value !== 'string') return '';
  const chars = Array.from(value.trim());
  const n = chars.length;
  if (n === 0) return '';
  const keep = n >= 9 ? ID_VISIBLE_TAIL : Math.floor((n - 1) / 3);
  return chars.map((c, i) => (i >= n - keep ? c : '*')).join('');
}

/** Two-character surnames common enough that masking after one character would look wrong. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '夏侯', '轩辕', '令狐', '端木', '独孤', '南宫', '西门', '百里', '呼延', '申屠', '太史', '钟离',
]);

const SEPARATOR = /[\s·•・.\-'’]/u;
const HAN = /\p{Script=Han}/u;

/**
 * Name: Chinese names keep the surname (王秀英 → 王**, 欧阳娜娜 → 欧阳**), because the clerk
 * sees the customer off by surname. Names in other scripts keep each word's first letter
 * (John Smith → J*** S****). Separators (space, middle dot of minority names) stay visible.
 */
export function maskName(value: string | null | undefined): string {
  if (typeof value !== 'string') return '';
  const chars = Array.from(value.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  const first = chars[0] ?? '';
  if (HAN.test(first)) {
    const two = chars.slice(0, 2).join('');
    const keep = COMPOUND_SURNAMES.has(two) && chars.length > 2 ? 2 : 1;
    return chars.map((c, i) => (i < keep || SEPARATOR.test(c) ? c : '*')).join('');
  }
  let atWordStart = true;
  return chars
    .map((c) => {
      if (SEPARATOR.test(c)) {
        atWordStart = true;
        return c;
      }
      const out = atWordStart ? c : '*';
      atWordStart = false;
      return out;
    })
    .join('');
}

/** Mainland mobile numbers keep 3 + 4 digits, as printed on every operator's receipts. */
export function maskPhoneNumber(value: string): string {
  return /^1\d{10}$/.test(value) ? `${value.slice(0, 3)}****${value.slice(-4)}` : value;
}
