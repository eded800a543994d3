/**
 * Log scrubber: every log line passes through it, so an ID number written by mistake reaches
 * disk only masked. Domain code should not log personal data at all; this is the safety net.
 */
import { idNumberRegex } from './idPattern';
import { maskIdNumber } from '../../../base/mask';

export function scrubPii(text: string): string {
  if (typeof text !== 'string') return '';
  return text.replace(idNumberRegex(), (m) => maskIdNumber(m));
}
