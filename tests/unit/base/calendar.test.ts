/** The business calendar setting: validation and the hall's wall clock in its own time zone. */
import { describe, expect, it } from 'vitest';
import { BusinessCalendarSchema, businessDayOf, closingInstant, DEFAULT_CALENDAR, hoursOn } from '../../../base/calendar';
import { tillSettings } from '../../../base/contract/settings';

describe('business calendar', () => {
  it('validates hours, dates and the time zone, defaulting to Asia/Shanghai', () => {
    const h = { open: '09:00', close: '18:00' };
    const weekly = { mon: h, tue: h, wed: h, thu: h, fri: h, sat: null, sun: null };
    expect(BusinessCalendarSchema.parse({ weekly }).timeZone).toBe('Asia/Shanghai');
    expect(BusinessCalendarSchema.safeParse({ weekly: { ...weekly, mon: { open: '18:00', close: '09:00' } } }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ weekly: { ...weekly, mon: { open: '9:00', close: '18:00' } } }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ weekly, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ weekly, exceptions: [{ date: '2025/10/01', hours: null }] }).success).toBe(false);
    expect(tillSettings.safeParse({ toleranceFen: 1.5 }).success).toBe(false);
    expect(tillSettings.parse({}).calendar).toEqual(DEFAULT_CALENDAR);
  });

  it('takes the business day and closing instant in the hall zone, not the machine zone', () => {
    // 2025-03-03 23:30 in Shanghai is 15:30 UTC; 00:30 the next day is 16:30 UTC.
    expect(businessDayOf(Date.UTC(2025, 2, 3, 15, 30), 'Asia/Shanghai')).toBe('2025-03-03');
    expect(businessDayOf(Date.UTC(2025, 2, 3, 16, 30), 'Asia/Shanghai')).toBe('2025-03-04');
    expect(closingInstant(DEFAULT_CALENDAR, '2025-03-03')).toBe(Date.UTC(2025, 2, 3, 10, 0));
    // Saturday hours in the default calendar.
    expect(hoursOn(DEFAULT_CALENDAR, '2025-03-08')).toEqual({ open: '09:00', close: '17:00' });
    const holiday = { ...DEFAULT_CALENDAR, exceptions: [{ date: '2025-10-01', hours: null }] };
    expect(closingInstant(holiday, '2025-10-01')).toBeNull();
    // A zone with daylight saving: 18:00 in New York on 2025-07-01 is 22:00 UTC.
    expect(closingInstant({ ...DEFAULT_CALENDAR, timeZone: 'America/New_York' }, '2025-07-01')).toBe(Date.UTC(2025, 6, 1, 22, 0));
  });
});
