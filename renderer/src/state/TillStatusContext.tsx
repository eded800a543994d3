/**
 * The till's status for this counter, fetched once per change (sign-in, unlock, each
 * `till.changed`) and shared by the header and the till panel, instead of each asking itself.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ErrorShape } from '../../../base/contract/errors';
import type { TillStatus } from '../../../base/contract/till';
import { errorOf, invoke, on } from '../client/client';
import { useSession } from './SessionContext';

export interface TillStatusState {
  /** Null before the first answer, and while nobody is signed in (or the screen is locked). */
  status: TillStatus | null;
  /** Why the last fetch failed, if it did. */
  error: ErrorShape | null;
  /** A method that answers with the till's status (open, movement) hands it over here. */
  show(s: TillStatus): void;
}

const Ctx = createContext<TillStatusState | null>(null);

export function TillStatusProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const signedIn = !!session && !session.locked;
  const [status, setStatus] = useState<TillStatus | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);

  useEffect(() => {
    if (!signedIn) {
      setStatus(null);
      return;
    }
    let alive = true;
    const load = () =>
      void invoke('till.status', {}).then(
        (s) => {
          if (!alive) return;
          setStatus(s);
          setError(null);
        },
        (e: unknown) => alive && setError(errorOf(e)),
      );
    load();
    const off = on('till.changed', load);
    return () => {
      alive = false;
      off();
    };
  }, [signedIn]);

  const show = useCallback((s: TillStatus) => setStatus(s), []);
  return <Ctx.Provider value={{ status, error, show }}>{children}</Ctx.Provider>;
}

export function useTillStatus(): TillStatusState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useTillStatus outside TillStatusProvider');
  return v;
}
