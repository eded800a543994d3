/**
 * What "looks like" a resident ID number, for masking logs and refusing audit details.
 *
 * Deliberately loose: no region table, no birth-date or checksum validation, because a
 * mistyped ID number is still personal data and over-masking a log line costs nothing.
 * The digit boundaries (letters may touch it: "ID110…") keep longer digit runs (bank cards, order numbers) out of it.
 */

/** 18 characters: 17 digits and a digit or X check character (the current card). */
const ID18 = String.raw`\d{17}[\dXx]`;
/** 15 digits: first-generation cards, still found in old records. */
const ID15 = String.raw`\d{15}`;

/** A fresh global regex each call: global regexes carry lastIndex state between uses. */
export function idNumberRegex(): RegExp {
  return new RegExp(`(?<![0-9])(?:${ID18}|${ID15})(?![0-9])`, 'g');
}

export function containsIdNumber(text: string): boolean {
  return idNumberRegex().test(text);
}
