/**
 * The till's status for this counter, fetched once per change (sign-in, unlock, each
 * `till.changed`) and shared by the header and the till panel, instead of each asking itself.
 * The header's word for the till (`till.header`, public) is fetched whoever is at the screen —
 * the sign-in and lock screens show the till's state too.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ErrorShape } from '../../../base/contract/errors';
import type { TillHeader, TillStatus } from '../../../base/contract/till';
import { errorOf, invoke, on } from '../client/client';
import { useCore } from './CoreContext';
import { useSession } from './SessionContext';

export interface TillStatusState {
  /** Null before the first answer, and while nobody is signed in (or the screen is locked). */
  status: TillStatus | null;
  /** The till in a word for the header, on every screen (null before the first answer). */
  header: TillHeader | null;
  /** Why the last fetch failed, if it did. */
  error: ErrorShape | null;
  /** A method that answers with the till's status (open, movement) hands it over here. */
  show(s: TillStatus): void;
  /** Asks again (after a takeover, a settlement). */
  reload(): void;
}

const Ctx = createContext<TillStatusState | null>(null);

export function TillStatusProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const { info } = useCore();
  const signedIn = !!session && !session.locked;
  const [status, setStatus] = useState<TillStatus | null>(null);
  const [header, setHeader] = useState<TillHeader | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [tick, setTick] = useState(0);
  const ready = !!info && !info.storageError;

  useEffect(() => {
    if (!ready) return;
    let alive = true;
    const loadHeader = () => void invoke('till.header', {}).then((h) => alive && setHeader(h), () => undefined);
    const load = () => {
      loadHeader();
      if (!signedIn) {
        setStatus(null);
        return;
      }
      void invoke('till.status', {}).then(
        (s) => {
          if (!alive) return;
          setStatus(s);
          setError(null);
        },
        (e: unknown) => alive && setError(errorOf(e)),
      );
    };
    load();
    const off = on('till.changed', load);
    return () => {
      alive = false;
      off();
    };
  }, [signedIn, ready, session?.session, tick]);

  const show = useCallback((s: TillStatus) => setStatus(s), []);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return <Ctx.Provider value={{ status, header, error, show, reload }}>{children}</Ctx.Provider>;
}

export function useTillStatus(): TillStatusState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useTillStatus outside TillStatusProvider');
  return v;
}
