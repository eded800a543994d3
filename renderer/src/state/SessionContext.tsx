/**
 * Who is signed in at this counter. The token lives in sessionStorage so a reload keeps the
 * sign-in; the core remains the judge (a restart of the core signs everybody out).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../../base/contract/staff';
import { invoke, setSession, isRefusal } from '../client/client';
import { useCore } from './CoreContext';

const KEY = 'counterdesk.session';

export interface SessionState {
  session: SessionInfo | null;
  setupNeeded: boolean | null;
  signedIn(s: SessionInfo): void;
  signOut(): Promise<void>;
  lock(): Promise<void>;
  unlocked(s: SessionInfo): void;
  refresh(): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { settings, info } = useCore();
  const [session, setS] = useState<SessionInfo | null>(null);
  const [setupNeeded, setSetupNeeded] = useState<boolean | null>(null);

  const adopt = useCallback((s: SessionInfo | null) => {
    setSession(s?.session);
    if (s) sessionStorage.setItem(KEY, s.session);
    else sessionStorage.removeItem(KEY);
    setS(s);
  }, []);

  const refresh = useCallback(async () => {
    const setup = await invoke('staff.setupNeeded', {});
    setSetupNeeded(setup.needed);
    const token = sessionStorage.getItem(KEY);
    if (!token) return adopt(null);
    setSession(token);
    try {
      adopt(await invoke('staff.whoami', {}));
    } catch {
      adopt(null);
    }
  }, [adopt]);

  useEffect(() => {
    if (info && !info.storageError) void refresh();
  }, [info, refresh]);

  const lock = useCallback(async () => {
    if (!session || session.locked) return;
    try {
      adopt(await invoke('staff.lock', {}));
    } catch (e) {
      if (isRefusal(e, 'NOT_SIGNED_IN')) adopt(null);
    }
  }, [session, adopt]);

  // Idle lock: the renderer locks after the configured quiet time; the core enforces it too,
  // counting only accepted calls as activity. Every 5 s the two are kept in step: key presses
  // and clicks since the last check are reported with a signed-in call (so a clerk typing a long
  // form is not locked by the core), and otherwise the public whoami (which never counts as
  // activity) tells whether the core has locked the session by itself — then the lock screen
  // shows, instead of an unlocked-looking screen whose every action fails with SESSION_LOCKED.
  const lastActive = useRef(Date.now());
  useEffect(() => {
    const bump = () => (lastActive.current = Date.now());
    window.addEventListener('keydown', bump, true);
    window.addEventListener('pointerdown', bump, true);
    const idleMs = (settings?.security.idleLockMinutes ?? 5) * 60_000;
    let reported = Date.now();
    const follow = async (token: string) => {
      // Only while the same session is still the current one (a sign-out may have raced us).
      const current = () => sessionStorage.getItem(KEY) === token;
      if (lastActive.current > reported) {
        reported = Date.now();
        try {
          await invoke('shift.status', {});
          return;
        } catch (e) {
          if (!isRefusal(e, 'SESSION_LOCKED', 'NOT_SIGNED_IN')) return;
        }
      }
      try {
        const s = await invoke('staff.whoami', {});
        if (s.locked && current()) adopt(s);
      } catch (e) {
        if (isRefusal(e, 'NOT_SIGNED_IN') && current()) adopt(null);
      }
    };
    const id = setInterval(() => {
      if (!session || session.locked) return;
      if (Date.now() - lastActive.current >= idleMs) void lock();
      else void follow(session.session);
    }, 5_000);
    return () => {
      window.removeEventListener('keydown', bump, true);
      window.removeEventListener('pointerdown', bump, true);
      clearInterval(id);
    };
  }, [settings, session, lock, adopt]);

  const value: SessionState = {
    session,
    setupNeeded,
    signedIn: (s) => {
      setSetupNeeded(false);
      adopt(s);
    },
    signOut: async () => {
      await invoke('staff.signOut', {});
      adopt(null);
    },
    lock,
    unlocked: (s) => adopt(s),
    refresh,
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
