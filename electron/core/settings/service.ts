/**
 * Settings in core: validated on load and on every update. A bad update is refused and the
 * file is not touched; a broken file is reported (and kept as it is for the administrator
 * to fix) while the app runs on defaults.
 */
import { BilingualError } from '../../../base/contract/errors';
import { defaultSettings, INSTALL_ONLY_SETTINGS, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../../base/contract/settings';
import { describeIssues, describeIssuesZh, invalidInput } from '../../../base/contract/issues';
import type { SettingsPort } from './port';

export interface SettingsChange {
  before: Settings;
  after: Settings;
}

export class SettingsService {
  private current: Settings;
  /** Set when the stored file could not be used; updates are refused until it is fixed. */
  readonly loadError: BilingualError | null;
  /** Keys of an older version dropped from the stored file (a program to run is install-time only). */
  readonly notices: BilingualError[] = [];
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
    if (!err) {
      const dropped = dropInstallOnly(raw);
      for (const rule of dropped) {
        this.notices.push(
          new BilingualError(
            'SETTING_RETIRED',
            `设置文件中的「${rule.path.join('.')}」已不再使用，已忽略并从文件中移除：${rule.zh}（${port.location}）`,
            `"${rule.path.join('.')}" in the settings file is no longer used; it was ignored and removed from the file: ${rule.en} (${port.location})`,
            { key: rule.path.join('.') },
          ),
        );
      }
      if (dropped.length > 0) {
        try {
          port.write(raw as Record<string, unknown>);
        } catch {
          // Read-only: the key stays in the file, ignored; the notice says so at every start.
        }
      }
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

/** Removes install-only keys from a stored settings object in place; returns the rules that matched. */
function dropInstallOnly(raw: unknown): (typeof INSTALL_ONLY_SETTINGS)[number][] {
  const dropped: (typeof INSTALL_ONLY_SETTINGS)[number][] = [];
  for (const rule of INSTALL_ONLY_SETTINGS) {
    let node: unknown = raw;
    for (const key of rule.path.slice(0, -1)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    const last = rule.path[rule.path.length - 1]!;
    if (node !== null && typeof node === 'object' && Object.hasOwn(node, last)) {
      delete (node as Record<string, unknown>)[last];
      dropped.push(rule);
    }
  }
  return dropped;
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
