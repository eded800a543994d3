/**
 * Who is signed in on this hall page, and the page's lock. The server is the judge (its
 * session cookie, its idle lock); the page follows it:
 *
 * - at start: first-start setup, sign-in, the lock screen or the desk;
 * - idle lock: after the configured quiet time the page locks itself. Keys and clicks since the
 *   last check are reported with a signed-in call every 15 s, so someone typing a long catalog
 *   edit is not locked by the server meanwhile;
 * - the event stream says when the server locked or ended the session (idle, a reset, a lock of
 *   the account), and the page shows the lock screen or the sign-in at once.
 *
 * Locked, the desk stays mounted but hidden: an edit in progress survives the unlock.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { HallInfo, HallSessionView } from '../../../base/contract/hallPage';
import { call, HallEvents, isRefusal } from './client';
import { useHallClock } from './HallClock';

export type Phase = 'loading' | 'setup' | 'signin' | 'locked' | 'ready';

interface SessionState {
  phase: Phase;
  info: HallInfo | null;
  session: HallSessionView | null;
  live: boolean;
  events: HallEvents;
  adopt(s: HallSessionView | null): void;
  lock(): Promise<void>;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function HallSessionProvider({ children }: { children: ReactNode }) {
  const { learn } = useHallClock();
  const [info, setInfo] = useState<HallInfo | null>(null);
  const [session, setSession] = useState<HallSessionView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [live, setLive] = useState(false);
  const whoRef = useRef<() => Promise<void>>(async () => undefined);
  const events = useMemo(
    () => new HallEvents(() => { setLive(false); void whoRef.current(); }, () => setLive(true)),
    [],
  );

  const who = useCallback(async () => {
    const i = await call('hall.info', {});
    setInfo(i);
    learn(i.hallTime);
    try {
      setSession(await call('session.whoami', {}));
    } catch (e) {
      if (isRefusal(e, 'NOT_SIGNED_IN')) setSession(null);
      else throw e;
    }
    setLoaded(true);
  }, [learn]);
  whoRef.current = who;

  useEffect(() => {
    void who();
  }, [who]);

  const phase: Phase = !loaded ? 'loading' : session ? (session.locked ? 'locked' : 'ready') : info?.setupNeeded ? 'setup' : 'signin';

  // The guide's page has no board to keep live (its queue counts come from the queue's own stream).
  const managerView = session !== null && session.role !== 'guide';
  useEffect(() => {
    if (phase === 'ready' && managerView) events.open();
    else {
      events.close();
      setLive(false);
    }
  }, [phase, events, managerView]);

  useEffect(() => events.on('session.changed', () => void who()), [events, who]);

  const lock = useCallback(async () => {
    try {
      setSession(await call('session.lock', {}));
    } catch {
      await who();
    }
  }, [who]);

  const signOut = useCallback(async () => {
    await call('session.signOut', {}).catch(() => undefined);
    setSession(null);
    await who();
  }, [who]);

  // The idle lock, and activity reported to the server while someone works without calls.
  const lastActive = useRef(Date.now());
  useEffect(() => {
    if (phase !== 'ready' || !session) return;
    const bump = () => (lastActive.current = Date.now());
    window.addEventListener('keydown', bump, true);
    window.addEventListener('pointerdown', bump, true);
    let reported = Date.now();
    const idleMs = session.idleLockMinutes * 60_000;
    const id = setInterval(() => {
      if (Date.now() - lastActive.current >= idleMs) void lock();
      else if (lastActive.current > reported && Date.now() - reported >= 15_000) {
        reported = Date.now();
        call('config.status', {}).catch((e: unknown) => {
          if (isRefusal(e, 'SESSION_LOCKED', 'NOT_SIGNED_IN')) void who();
        });
      }
    }, 5_000);
    return () => {
      window.removeEventListener('keydown', bump, true);
      window.removeEventListener('pointerdown', bump, true);
      clearInterval(id);
    };
  }, [phase, session, lock, who]);

  const value: SessionState = {
    phase,
    info,
    session,
    live,
    events,
    adopt: (s) => {
      lastActive.current = Date.now();
      setSession(s);
      if (s) void call('hall.info', {}).then(setInfo).catch(() => undefined);
    },
    lock,
    signOut,
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useHallSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useHallSession outside HallSessionProvider');
  return v;
}
