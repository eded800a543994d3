/** The open journey at this counter, kept fresh by `journey.changed` events. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClerkCommandInput, JourneyView } from '../../../base/contract/journey';
import { invoke, on, errorOf } from '../client/client';
import type { ErrorShape } from '../../../base/contract/errors';

/** The service just finished at this counter, for the line after the farewell. */
export interface LastService {
  durationMs: number;
  ordinalToday: number;
}

export interface JourneyHook {
  journey: JourneyView | null;
  /** The last service that closed here (until the next customer begins). */
  last: LastService | null;
  loading: boolean;
  busy: boolean;
  error: ErrorShape | null;
  clearError(): void;
  begin(): Promise<void>;
  act(cmd: ClerkCommandInput): Promise<boolean>;
  reload(): Promise<void>;
}

export function useJourney(): JourneyHook {
  const [journey, setJourney] = useState<JourneyView | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [last, setLast] = useState<LastService | null>(null);
  const held = useRef<JourneyView | null>(null);
  held.current = journey;
  // Events that arrive while our own action is in flight are settled by its reply.
  const inFlight = useRef(false);
  const missed = useRef<{ journeyId?: string; version?: number } | null>(null);

  const reload = useCallback(async () => {
    try {
      const r = await invoke('journey.current', {});
      setJourney(r.journey);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    return on('journey.changed', (e) => {
      if (inFlight.current) {
        missed.current = e;
        return;
      }
      // The reply to our own action already carried this version: no refetch.
      const h = held.current;
      if (h && e.journeyId === h.journeyId && e.version !== undefined && e.version <= h.version && h.step !== 'closed' && h.step !== 'cancelled') return;
      void reload();
    });
  }, [reload]);

  const run = useCallback(async (f: () => Promise<JourneyView>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    inFlight.current = true;
    missed.current = null;
    try {
      const v = await f();
      setJourney(v);
      if (v.step === 'closed' && v.summary) setLast(v.summary);
      else if (v.step === 'greet') setLast(null);
      const m = missed.current as { journeyId?: string; version?: number } | null;
      const covered = m && m.journeyId === v.journeyId && m.version !== undefined && m.version <= v.version && v.step !== 'closed' && v.step !== 'cancelled';
      if (m && !covered) void reload();
      return true;
    } catch (e) {
      setError(errorOf(e));
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, [reload]);

  return {
    journey,
    last,
    loading,
    busy,
    error,
    clearError: () => setError(null),
    begin: async () => {
      await run(() => invoke('journey.begin', {}));
    },
    act: (cmd) => {
      const id = journey?.journeyId;
      if (!id) return Promise.resolve(false);
      return run(() => invoke('journey.act', { journeyId: id, command: cmd }));
    },
    reload,
  };
}
