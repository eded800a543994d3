/**
 * GB 11643 citizen ID numbers (also the 2023 foreign permanent resident card's number):
 * 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits; null if they are not 17 digits. */
export function checkCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** 18 characters, digits with a correct check character (a lower-case x is accepted). */
export function hasValidCheckCharacter(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  return checkCharacter(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** The birth date inside an 18-digit number, 'YYYY-MM-DD', or null if it is no real date. */
export function birthDateOf(id: string): string | null {
  if (!/^\d{14}/.test(id)) return null;
  return isoDate(id.slice(6, 14));
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' if it is a real calendar date, else null. */
export function isoDate(yyyymmdd: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Sex from the sequence digit (odd = male). */
export function sexOf(id: string): 'male' | 'female' | null {
  if (!/^\d{17}/.test(id)) return null;
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** A full number from its first 17 digits. */
export function withCheckCharacter(first17: string): string {
  const c = checkCharacter(first17);
  if (c === null) throw new RangeError(`not 17 digits: ${first17}`);
  return first17 + c;
}


/** The check character matches (ISO 7064 MOD 11-2), ignoring surrounding spaces typed by hand. */
export function checkCharValid(idNumber: string): boolean {
  return hasValidCheckCharacter(idNumber.trim());
}

/**
 * The 2017 foreign permanent resident card number: 3 letters (nationality) + 12 digits.
 * Its check digit rule is not in our protocol notes, so only the shape is checked here;
 * a chip read brings the reader's own verdict (`idNumberValid`).
 */
export function foreign2017ShapeValid(idNumber: string): boolean {
  return /^[A-Z]{3}\d{12}$/.test(idNumber.trim().toUpperCase());
}
