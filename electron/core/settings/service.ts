/**
 * Settings in core: validated on load and on every update. A bad update is refused and the
 * file is not touched; a broken file is reported (and kept as it is for the administrator
 * to fix) while the app runs on defaults.
 */
import { BilingualError } from '../../../base/contract/errors';
import { defaultSettings, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../../base/contract/settings';
import { describeIssues, describeIssuesZh, invalidInput } from '../rpc/errors';
import type { SettingsPort } from './port';

export interface SettingsChange {
  before: Settings;
  after: Settings;
}

export class SettingsService {
  private current: Settings;
  /** Set when the stored file could not be used; updates are refused until it is fixed. */
  readonly loadError: BilingualError | null;
  private listeners = new Set<(c: SettingsChange) => void>();

  constructor(private readonly port: SettingsPort) {
    let raw: unknown;
    let err: BilingualError | null = null;
    try {
      raw = port.read();
    } catch (e) {
      err = new BilingualError(
        'SETTINGS_UNREADABLE',
        `设置文件无法读取：${port.location} — 已按默认设置运行；请管理员修复或移走该文件`,
        `The settings file cannot be read: ${port.location} — running on defaults; ask the administrator to repair or move it`,
        { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) },
      );
    }
    const parsed = err ? null : settingsSchema.safeParse(raw ?? {});
    if (parsed && !parsed.success) {
      err = new BilingualError(
        'SETTINGS_INVALID',
        `设置文件内容不正确：${describeIssuesZh(parsed.error)}（${port.location}）— 已按默认设置运行`,
        `The settings file has invalid values: ${describeIssues(parsed.error)} (${port.location}) — running on defaults`,
      );
    }
    this.current = parsed?.success ? parsed.data : defaultSettings();
    this.loadError = err;
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(patchInput: unknown): SettingsChange {
    if (this.loadError) throw this.loadError;
    const patch = settingsPatchSchema.safeParse(patchInput);
    if (!patch.success) throw invalidInput('settings.update', patch.error);
    const merged = mergePatch(this.current, patch.data);
    const next = settingsSchema.safeParse(merged);
    if (!next.success) throw invalidInput('settings.update', next.error);
    const before = this.current;
    this.port.write(next.data as unknown as Record<string, unknown>);
    this.current = next.data;
    const change = { before: structuredClone(before), after: this.get() };
    for (const l of this.listeners) l(change);
    return change;
  }

  onChange(l: (c: SettingsChange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

function mergePatch(base: Settings, patch: SettingsPatch): unknown {
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  const merge = (target: Record<string, unknown>, src: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(src)) {
      if (v === undefined) continue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof target[k] === 'object' && target[k] !== null) {
        merge(target[k] as Record<string, unknown>, v as Record<string, unknown>);
      } else {
        target[k] = v;
      }
    }
  };
  merge(out, patch as Record<string, unknown>);
  return out;
}
