/** What every screen needs from the core: app info, device states, settings. Events keep it fresh. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { DevicesStatus } from '../../../base/contract/devices';
import type { AppInfo } from '../../../base/contract/methods';
import type { Settings } from '../../../base/contract/settings';
import type { ErrorShape } from '../../../base/contract/errors';
import { invoke, on, errorOf } from '../client/client';
import { setDisplayTimeZone } from '../format';

export interface CoreState {
  info: AppInfo | null;
  devices: DevicesStatus | null;
  settings: Settings | null;
  /** The first call failed: the core cannot be reached. */
  fatal: ErrorShape | null;
  /** Core clock minus this machine's clock: the header shows the core's time (the till judges by it). */
  clockOffsetMs: number;
  refreshSettings(): Promise<void>;
}

const Ctx = createContext<CoreState | null>(null);

export function CoreProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [devices, setDevices] = useState<DevicesStatus | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [fatal, setFatal] = useState<ErrorShape | null>(null);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);

  const refreshSettings = useCallback(async () => {
    const s = await invoke('settings.get', {});
    setDisplayTimeZone(s.hall.timeZone);
    setSettings(s);
  }, []);

  useEffect(() => {
    let alive = true;
    const off = on('devices.changed', (d) => alive && setDevices(d));
    (async () => {
      try {
        const sent = Date.now();
        const [i, d, s, p] = await Promise.all([invoke('app.info', {}), invoke('devices.status', {}), invoke('settings.get', {}), invoke('app.ping', { echo: 'clock' })]);
        setClockOffsetMs(p.at - Math.round((sent + Date.now()) / 2));
        if (!alive) return;
        setInfo(i);
        setDevices(d);
        setDisplayTimeZone(s.hall.timeZone);
        setSettings(s);
      } catch (e) {
        if (alive) setFatal(errorOf(e));
      }
    })();
    return () => {
      alive = false;
      off();
    };
  }, []);

  return <Ctx.Provider value={{ info, devices, settings, fatal, clockOffsetMs, refreshSettings }}>{children}</Ctx.Provider>;
}

export function useCore(): CoreState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCore outside CoreProvider');
  return v;
}
