/**
 * GB 11643 ID numbers: the check character, masking for display and storage.
 * The 2023 foreign permanent resident card and the HMT residence permit use the same rule.
 */
import { maskIdNumber } from '../../contract/mask';

export { maskIdNumber };
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** True when an 18-character number's last character matches ISO 7064 MOD 11-2. */
export function checkCharValid(idNumber: string): boolean {
  const id = idNumber.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11] === id[17];
}

/**
 * The 2017 foreign permanent resident card number: 3 letters (nationality) + 12 digits.
 * Its check digit rule is not in our protocol notes, so only the shape is checked here;
 * a chip read brings the reader's own verdict (`idNumberValid`).
 */
export function foreign2017ShapeValid(idNumber: string): boolean {
  return /^[A-Z]{3}\d{12}$/.test(idNumber.trim().toUpperCase());
}


/** Mainland mobile numbers keep 3 + 4 digits, as printed on every operator's receipts. */
export function maskPhoneNumber(value: string): string {
  return /^1\d{10}$/.test(value) ? `${value.slice(0, 3)}****${value.slice(-4)}` : value;
}
