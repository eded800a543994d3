/**
 * The deny-list of common passwords: the 49,000-odd most common passwords from leaked password
 * sets, as maintained by zxcvbn-ts (@zxcvbn-ts/language-common, MIT licence; its list includes
 * Chinese favourites such as 5201314 and a123456). Checked for every password a role with a
 * password sets (duty managers and administrators always; clerks who choose a password instead of a PIN).
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let list: Set<string> | null = null;

/** Whether the password, compared without case, is on the list. */
export function isCommonPassword(secret: string): boolean {
  list ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return list.has(secret.toLowerCase());
}
