// The reader's polling period in the settings: a validated range, the counter's default.
import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsPatchSchema, settingsSchema } from '../../../base/contract/settings';
import { DEFAULT_POLL_INTERVAL_MS } from '../../../native/idcard/session';

describe('devices.idcard.pollIntervalMs', () => {
  it('defaults to the session’s own default, 20 ms', () => {
    expect(defaultSettings().devices.idcard.pollIntervalMs).toBe(20);
    expect(DEFAULT_POLL_INTERVAL_MS).toBe(20);
  });

  it('accepts whole milliseconds from 20 to 5000 and refuses the rest', () => {
    const with_ = (v: unknown) => settingsSchema.safeParse({ devices: { idcard: { pollIntervalMs: v } } }).success;
    expect([20, 25, 30, 100, 5000].map(with_)).toEqual([true, true, true, true, true]);
    expect([19, 0, -20, 5001, 20.5, '20', null].map(with_)).toEqual([false, false, false, false, false, false, false]);
  });

  it('an update below the range is refused before it reaches the file', () => {
    expect(settingsPatchSchema.safeParse({ devices: { idcard: { pollIntervalMs: 10 } } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ devices: { idcard: { pollIntervalMs: 25 } } }).success).toBe(true);
  });
});
