/**
 * Masks for personal data shown on screen, printed or kept beyond the verify step.
 * Same length as the input, so a masked value still lines up in receipts and tables.
 */

/**
 * ID number: first 4 and last 4 visible (region prefix and check digits are what a clerk
 * compares aloud), the rest `*`. Short or odd input shows proportionally less, never the
 * whole value: fewer than 9 characters would otherwise be fully visible.
 */
export function maskIdNumber(value: string | null | undefined): string {
  if (typeof value !== 'string') return '';
  const chars = Array.from(value.trim());
  const n = chars.length;
  if (n === 0) return '';
  const keep = n >= 9 ? 4 : Math.floor((n - 1) / 3);
  return chars.map((c, i) => (i < keep || i >= n - keep ? c : '*')).join('');
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
