// The configuration protocol's pure parts: `since` in the query string, which kinds a counter is
// sent, and the shapes a counter checks the answer against.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../base/calendar';
import { ConfigUpdateSchema, formatSince, kindsToSend, NO_CONFIG, parseSince, StaffAccountSchema } from '../../../base/contract/hallConfig';
import { hashSecret } from '../../../base/node/secretHash';
import { FAST_SCRYPT } from '../../helpers/scrypt';

describe('configuration versions', () => {
  it('travel as staff:N,catalog:N,calendar:N,till:N and come back the same', () => {
    const v = { staff: 12, catalog: 3, calendar: 0, till: 2 };
    expect(formatSince(v)).toBe('staff:12,catalog:3,calendar:0,till:2');
    expect(parseSince(formatSince(v))).toEqual(v);
    expect(parseSince('catalog:4')).toEqual({ ...NO_CONFIG, catalog: 4 });
    expect(parseSince(null)).toEqual(NO_CONFIG);
    expect(parseSince('')).toEqual(NO_CONFIG);
  });

  it('refuses an unknown kind, a repeated kind, a negative or non-numeric version', () => {
    for (const bad of ['staff:1,pizza:2', 'staff:1,staff:2', 'staff:-1', 'staff:x', 'staff', 'staff:1;catalog:2', 'staff:1234567890']) {
      expect(parseSince(bad), bad).toBeNull();
    }
  });

  it('sends what the hall holds at another version, never what it does not manage', () => {
    const hall = { staff: 5, catalog: 2, calendar: 0, till: 1 };
    expect(kindsToSend(hall, { staff: 5, catalog: 1, calendar: 0, till: 1 })).toEqual(['catalog']);
    expect(kindsToSend(hall, NO_CONFIG)).toEqual(['staff', 'catalog', 'till']);
    // The counter ahead: the hall was restored from an older backup; it sends its own copy.
    expect(kindsToSend(hall, { staff: 9, catalog: 2, calendar: 4, till: 1 })).toEqual(['staff']);
    expect(kindsToSend(hall, hall)).toEqual([]);
  });

  it('checks an answer’s shape: a staff account needs the scrypt format and a canonical number', () => {
    const account = { staffNo: 'C001', name: '王丽', role: 'clerk', active: true, locked: false, secretKind: 'pin', secretHash: hashSecret('2580', FAST_SCRYPT), version: 2, changedAt: 1 };
    expect(StaffAccountSchema.safeParse(account).success).toBe(true);
    expect(StaffAccountSchema.safeParse({ ...account, staffNo: 'c001' }).success).toBe(false);
    expect(StaffAccountSchema.safeParse({ ...account, secretHash: 'md5$abc' }).success).toBe(false);
    const update = {
      protocol: 1, hallTime: 1, versions: { staff: 2, catalog: 0, calendar: 1, till: 0 },
      staff: { version: 2, full: true, accounts: [account] }, catalog: null, calendar: { version: 1, at: 1, by: 'A001', calendar: DEFAULT_CALENDAR }, till: null,
    };
    expect(ConfigUpdateSchema.safeParse(update).success).toBe(true);
    expect(ConfigUpdateSchema.safeParse({ ...update, protocol: 2 }).success).toBe(false);
  });
});
