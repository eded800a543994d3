import { describe, expect, it } from 'vitest';
import { KNOWN_SW3, statusError, statusInfo, isSamFault } from '../../../native/idcard/status';
import { BilingualError } from '../../../base/contract/errors';

describe('SW3 → typed bilingual errors', () => {
  it('covers every status in the notes with distinct codes and both languages', () => {
    const notes = [0x90, 0x91, 0x9f, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x37, 0x3f, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81];
    expect([...KNOWN_SW3].sort()).toEqual([...notes].sort());
    const codes = new Set<string>();
    for (const sw3 of notes) {
      const e = statusError(sw3, 'find card');
      expect(e).toBeInstanceOf(BilingualError);
      expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message_en).toMatch(/[a-z]/);
      expect(e.detail).toMatchObject({ sw3: `0x${sw3.toString(16).toUpperCase().padStart(2, '0')}`, command: 'find card' });
      codes.add(e.code);
    }
    expect(codes.size).toBe(notes.length);
  });

  it('an unknown SW3 is still a typed error naming the byte', () => {
    const e = statusError(0x55);
    expect(e.code).toBe('IDCARD_STATUS_UNKNOWN');
    expect(e.message_en).toContain('55');
    expect(statusInfo(0x55).zh).toContain('55');
  });

  it('60 and 66 are SAM faults', () => {
    expect(isSamFault(0x60)).toBe(true);
    expect(isSamFault(0x66)).toBe(true);
    expect(isSamFault(0x41)).toBe(false);
  });
});
