import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../base/contract/settings';
import { auditSettingsChange, auditSettingsDiff } from '../../../electron/core/audit/settingsChange';
import { makeEnv, type Env } from '../staff/fixture';

let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

describe('settings changes in the audit log', () => {
  it('records key, before and after with the actor', () => {
    const e = (env = makeEnv());
    const entry = auditSettingsChange(e.audit, { staffNo: '2001', counterId: '03' }, 'till.toleranceFen', 500, 1000)!;
    expect(entry).toMatchObject({ kind: 'settings.change', actor: '2001', counterId: '03', detail: { key: 'till.toleranceFen', before: 500, after: 1000 } });
  });

  it('records nothing when the value did not change', () => {
    const e = (env = makeEnv());
    expect(auditSettingsChange(e.audit, { staffNo: '2001' }, 'locale', 'zh-CN', 'zh-CN')).toBeNull();
    expect(e.audit.query().entries).toHaveLength(0);
  });

  it('a whole-settings update gives one entry per changed leaf', () => {
    const e = (env = makeEnv());
    const before = defaultSettings();
    const after = structuredClone(before);
    after.security.idleLockMinutes = 10;
    after.privacy.retentionDays = 90;
    const entries = auditSettingsDiff(e.audit, { staffNo: '1000', counterId: 'B1' }, before, after);
    expect(entries.map((x) => x.detail)).toEqual([
      { key: 'privacy.retentionDays', before: 180, after: 90 },
      { key: 'security.idleLockMinutes', before: 5, after: 10 },
    ]);
  });
});
