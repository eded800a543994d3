/**
 * GB 11643 ID numbers: the check character, masking for display and storage.
 * The 2023 foreign permanent resident card and the HMT residence permit use the same rule.
 */
import { maskIdNumber } from '../../contract/mask';
import { hasValidCheckCharacter } from '../../../native/idcard/idnumber';

export { maskIdNumber };

/** True when an 18-character number's last character matches ISO 7064 MOD 11-2 (the reader's own rule). */
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

/** Mainland mobile numbers keep 3 + 4 digits, as printed on every operator's receipts. */
export function maskPhoneNumber(value: string): string {
  return /^1\d{10}$/.test(value) ? `${value.slice(0, 3)}****${value.slice(-4)}` : value;
}
