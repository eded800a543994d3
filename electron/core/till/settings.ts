/**
 * Till settings the hall configures (through the settings port). Validated with zod so a bad
 * settings file is refused at load instead of silently loosening the money rules.
 */
import { z } from 'zod';
import { BusinessCalendarSchema, DEFAULT_CALENDAR } from '../../../base/calendar';

export const TillSettingsSchema = z.object({
  /** The clerk may settle alone when |counted - expected| is at most this many fen. */
  toleranceFen: z.number().int().min(0).max(100_000).default(200),
  /**
   * The clock guard: a jump of more than this since the last observation blocks settlement
   * until the duty manager approves the clock. The host should observe the clock every minute
   * (Till.observeClock) so that a quiet afternoon is not taken for a jump.
   */
  maxClockJumpMinutes: z.number().int().min(1).max(24 * 60).default(30),
  calendar: BusinessCalendarSchema.default(DEFAULT_CALENDAR),
});
export type TillSettings = z.infer<typeof TillSettingsSchema>;

export function parseTillSettings(input: unknown): TillSettings {
  return TillSettingsSchema.parse(input ?? {});
}
